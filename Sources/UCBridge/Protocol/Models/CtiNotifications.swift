/// `asnCtiLineMonitorStart` result (PROTOCOL.md section 8.2): the line as it is now.
public struct CtiLineMonitorSnapshot: Sendable, Equatable {
    public var crossRefID: String?
    public var lineInfo: CtiLineInfo
    public var calls: [CtiCallInformation]
    public var doNotDisturb: Bool
    public var lineForwards: [LineForward]
    public var remoteOfficeState: RemoteOfficeState?
    public var optionalParams: OptionalParams?
    public var original = WireOriginal()

    public init(crossRefID: String? = nil, lineInfo: CtiLineInfo, calls: [CtiCallInformation] = [], doNotDisturb: Bool = false,
                lineForwards: [LineForward] = [], remoteOfficeState: RemoteOfficeState? = nil, optionalParams: OptionalParams? = nil) {
        self.crossRefID = crossRefID
        self.lineInfo = lineInfo
        self.calls = calls
        self.doNotDisturb = doNotDisturb
        self.lineForwards = lineForwards
        self.remoteOfficeState = remoteOfficeState
        self.optionalParams = optionalParams
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnCtiLineMonitorStartResult")
        guard let info = json.object("lineInfo") else { throw .missingMember("lineInfo", type: "AsnCtiLineMonitorStartResult") }
        lineInfo = try CtiLineInfo(json: info)
        crossRefID = json.string("u8sMonitorCrossRefID")
        calls = json.list("seqCalls", as: CtiCallInformation.init(json:)) ?? []
        doNotDisturb = json.bool("iDoNotDisturb") ?? false
        lineForwards = json.list("seqLineForwards", as: LineForward.init(json:)) ?? []
        remoteOfficeState = json.object("remoteOfficeState").map(RemoteOfficeState.init(json:))
        optionalParams = json["optionalParams"].flatMap(OptionalParams.init(json:))
        original = WireOriginal(json)
    }

    public var line: String { lineInfo.linePhoneNumber }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sMonitorCrossRefID", crossRefID, mandatory: true)
        o.put("lineInfo", lineInfo.json)
        o.put("seqCalls", calls) { $0.json }
        o.put("iDoNotDisturb", JSONValue.int(doNotDisturb ? 1 : 0))
        o.put("seqLineForwards", lineForwards) { $0.json }
        o.put("remoteOfficeState", (remoteOfficeState ?? RemoteOfficeState()).json)
        o.put("optionalParams", optionalParams?.json)
        return o.json
    }
}

/// `asnCtiNotifyLineCallInformationChanged` (1283) argument.
public struct CtiCallChange: Sendable, Equatable {
    public var crossRefID: String?
    public var linePhoneNumber: String?
    public var reason: CallChangeReason?
    public var callInformation: CtiCallInformation
    public var original = WireOriginal()

    public init(crossRefID: String? = nil, linePhoneNumber: String? = nil, reason: CallChangeReason? = nil, callInformation: CtiCallInformation) {
        self.crossRefID = crossRefID
        self.linePhoneNumber = linePhoneNumber
        self.reason = reason
        self.callInformation = callInformation
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnCtiNotifyLineCallInformationChangedArgument")
        guard let info = json.object("callinformation", "callInformation") else {
            throw .missingMember("callinformation", type: "AsnCtiNotifyLineCallInformationChangedArgument")
        }
        callInformation = try CtiCallInformation(json: info)
        crossRefID = json.string("u8sMonitorCrossRefID")
        linePhoneNumber = json.string("u8sLinePhoneNumber")
        reason = json.int("reason").map(CallChangeReason.init(rawValue:))
        original = WireOriginal(json)
    }

    /// The line the call is on: the call's own member, else the notify's.
    public var line: String? { callInformation.linePhoneNumber ?? linePhoneNumber }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sMonitorCrossRefID", crossRefID, mandatory: true)
        o.put("u8sLinePhoneNumber", line, mandatory: true)
        o.put("reason", reason?.rawValue, mandatory: true)
        o.put("callinformation", callInformation.json)
        return o.json
    }
}

/// The CTI line notifies other than call changes (PROTOCOL.md section 8.4).
public enum CtiLineEvent: Sendable, Equatable {
    /// 1280 `asnCtiNotifyLineInfoChanged`.
    case infoChanged(crossRefID: String?, line: String, info: CtiLineInfo)
    /// 1281 `asnCtiNotifyLineDoNotDisturbChanged`.
    case doNotDisturbChanged(crossRefID: String?, line: String, doNotDisturb: Bool)
    /// 1282 `asnCtiNotifyLineForwardingChanged`: the full new list.
    case forwardingChanged(crossRefID: String?, line: String, forwards: [LineForward])
    /// 1284 `asnCtiNotifyLineAddRemove` (`addremove` 0 added, 1 removed).
    case addRemove(crossRefID: String?, line: String, removed: Bool, info: CtiLineInfo?)
    /// 1294 `asnCtiNotifyMonitorStopped`: the server closed a monitor; only the cross-reference is known.
    case monitorStopped(crossRefID: String)

    /// Decodes the argument of the notify `operationID`; nil for operations that are not line events.
    public init?(operationID: Int64, json: JSONValue) throws(ModelDecodingError) {
        let type = "CtiLineEvent(\(operationID))"
        switch operationID {
        case 1280, 1281, 1282, 1284:
            try json.requireObject(type)
            let line = try json.requireString(["u8sLinePhoneNumber"], type: type)
            switch operationID {
            case 1280:
                let info = try json.object("lineInfo").map(CtiLineInfo.init(json:)) ?? CtiLineInfo(linePhoneNumber: line)
                self = .infoChanged(crossRefID: json.string("u8sMonitorCrossRefID"), line: line, info: info)
            case 1281:
                self = .doNotDisturbChanged(crossRefID: json.string("u8sMonitorCrossRefID"), line: line, doNotDisturb: json.bool("iDoNotDisturb") ?? false)
            case 1282:
                let forwards = json.list("seqLineForwards", as: LineForward.init(json:)) ?? []
                self = .forwardingChanged(crossRefID: json.string("u8sMonitorCrossRefID"), line: line, forwards: forwards)
            default:
                self = .addRemove(crossRefID: json.string("u8sLineMonitorCrossRefID", "u8sMonitorCrossRefID"), line: line,
                                  removed: json.int("addremove") == 1, info: try json.object("lineInfo").map(CtiLineInfo.init(json:)))
            }
        case 1294:
            try json.requireObject(type)
            self = .monitorStopped(crossRefID: try json.requireString(["u8sMonitorCrossRefID"], type: type))
        default:
            return nil
        }
    }

    public var operationID: Int64 {
        switch self {
        case .infoChanged: return 1280
        case .doNotDisturbChanged: return 1281
        case .forwardingChanged: return 1282
        case .addRemove: return 1284
        case .monitorStopped: return 1294
        }
    }

    public var line: String? {
        switch self {
        case let .infoChanged(_, line, _), let .doNotDisturbChanged(_, line, _), let .forwardingChanged(_, line, _), let .addRemove(_, line, _, _):
            return line
        case .monitorStopped: return nil
        }
    }

    /// The argument in the SDK spelling.
    public var json: JSONValue {
        var o = WireObject()
        switch self {
        case let .infoChanged(crossRef, line, info):
            o.put("u8sMonitorCrossRefID", crossRef, mandatory: true)
            o.put("u8sLinePhoneNumber", line)
            o.put("lineInfo", info.json)
        case let .doNotDisturbChanged(crossRef, line, dnd):
            o.put("u8sMonitorCrossRefID", crossRef, mandatory: true)
            o.put("u8sLinePhoneNumber", line)
            o.put("iDoNotDisturb", JSONValue.int(dnd ? 1 : 0))
        case let .forwardingChanged(crossRef, line, forwards):
            o.put("u8sMonitorCrossRefID", crossRef, mandatory: true)
            o.put("u8sLinePhoneNumber", line)
            o.put("seqLineForwards", forwards) { $0.json }
        case let .addRemove(crossRef, line, removed, info):
            o.put("u8sLineMonitorCrossRefID", crossRef, mandatory: true)
            o.put("u8sLinePhoneNumber", line)
            o.put("addremove", JSONValue.int(removed ? 1 : 0))
            o.put("lineInfo", (info ?? CtiLineInfo(linePhoneNumber: line)).json)
        case let .monitorStopped(crossRef):
            o.put("u8sMonitorCrossRefID", crossRef)
        }
        return o.json
    }
}
