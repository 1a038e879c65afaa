import Foundation

/// `AsnCtiCallInformation` (PROTOCOL.md section 8.3). The schema makes most members mandatory,
/// but a notify may carry a "reduced version" (section 11): everything except the connection
/// id is optional here, and a missing member means "unchanged", not "empty".
public struct CtiCallInformation: Sendable, Equatable {
    public var connectionID: String
    public var linePhoneNumber: String?
    public var callState: CallState?
    public var callType: Int64?
    public var disconnectedReason: DisconnectedReason?
    public var features: Int64?
    public var outbound: Bool?
    public var internalCall: Bool?
    public var callerIDBlocked: Bool?
    public var callRecordingState: Int64?
    public var conferenceController: Bool?
    public var conferenceControllerID: String?
    public var localNumberSC: String?
    public var remoteNumberSC: String?
    public var remoteContactSource: Int64?
    public var note: String?
    public var trackerID: String?
    public var created: Date?
    /// nil when the server sent `""` ("never connected") or nothing.
    public var connected: Date?
    public var disconnected: Date?
    public var localContact: NetDatabaseContact?
    public var remoteContact: NetDatabaseContact?
    public var redirectingNumber: String?
    public var optionalParams: OptionalParams?

    public init(connectionID: String, linePhoneNumber: String? = nil, callState: CallState? = nil, callType: Int64? = nil,
                disconnectedReason: DisconnectedReason? = nil, features: Int64? = nil, outbound: Bool? = nil, internalCall: Bool? = nil,
                callerIDBlocked: Bool? = nil, callRecordingState: Int64? = nil, conferenceController: Bool? = nil,
                conferenceControllerID: String? = nil, localNumberSC: String? = nil, remoteNumberSC: String? = nil,
                remoteContactSource: Int64? = nil, note: String? = nil, trackerID: String? = nil, created: Date? = nil,
                connected: Date? = nil, disconnected: Date? = nil, localContact: NetDatabaseContact? = nil,
                remoteContact: NetDatabaseContact? = nil, redirectingNumber: String? = nil, optionalParams: OptionalParams? = nil) {
        self.connectionID = connectionID
        self.linePhoneNumber = linePhoneNumber
        self.callState = callState
        self.callType = callType
        self.disconnectedReason = disconnectedReason
        self.features = features
        self.outbound = outbound
        self.internalCall = internalCall
        self.callerIDBlocked = callerIDBlocked
        self.callRecordingState = callRecordingState
        self.conferenceController = conferenceController
        self.conferenceControllerID = conferenceControllerID
        self.localNumberSC = localNumberSC
        self.remoteNumberSC = remoteNumberSC
        self.remoteContactSource = remoteContactSource
        self.note = note
        self.trackerID = trackerID
        self.created = created
        self.connected = connected
        self.disconnected = disconnected
        self.localContact = localContact
        self.remoteContact = remoteContact
        self.redirectingNumber = redirectingNumber
        self.optionalParams = optionalParams
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnCtiCallInformation")
        connectionID = try json.requireString(["u8sConnectionID"], type: "AsnCtiCallInformation")
        linePhoneNumber = json.string("u8sLinePhoneNumber")
        callState = json.int("iCallState", "eCallState").map(CallState.init(rawValue:))
        callType = json.int("iCallType")
        disconnectedReason = json.int("iDisconnectedReason").map(DisconnectedReason.init(rawValue:))
        features = json.int("iFeatures")
        outbound = json.bool("bOutbound")
        internalCall = json.bool("bInternal")
        callerIDBlocked = json.bool("bCallerIDBlocked")
        callRecordingState = json.int("iCallRecordingState")
        conferenceController = json.bool("bConferenceCtlr", "bConferenceCtrlr")
        conferenceControllerID = json.string("u8sConferenceCtlrID", "u8sConferenceCtrlrID")
        localNumberSC = json.string("u8sLocalNumberSC")
        remoteNumberSC = json.string("u8sRemoteNumberSC")
        remoteContactSource = json.int("iRemoteContactSource")
        note = json.string("u8sNote")
        trackerID = json.string("u8sTrackerID")
        created = json.time("utcCallCreated")
        connected = json.time("utcCallConnected")
        disconnected = json.time("utcCallDisconnected")
        localContact = try json.object("pLocalContact").map(NetDatabaseContact.init(json:))
        remoteContact = try json.object("pRemoteContact").map(NetDatabaseContact.init(json:))
        redirectingNumber = json.string("pu8sRedirectingNumber")
        optionalParams = json["optionalParams"].flatMap(OptionalParams.init(json:))
    }

    /// The full structure, mandatory members filled with empty values where unknown.
    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sLinePhoneNumber", linePhoneNumber, mandatory: true)
        o.put("u8sConnectionID", connectionID)
        o.put("iCallState", callState?.rawValue, mandatory: true)
        o.put("iCallType", callType, mandatory: true)
        o.put("iDisconnectedReason", disconnectedReason?.rawValue, mandatory: true)
        o.put("iFeatures", features, mandatory: true)
        o.put("bOutbound", outbound, mandatory: true)
        o.put("bInternal", internalCall, mandatory: true)
        o.put("bCallerIDBlocked", callerIDBlocked, mandatory: true)
        o.put("iCallRecordingState", callRecordingState, mandatory: true)
        o.put("bConferenceCtlr", conferenceController, mandatory: true)
        o.put("u8sConferenceCtlrID", conferenceControllerID, mandatory: true)
        o.put("u8sLocalNumberSC", localNumberSC, mandatory: true)
        o.put("u8sRemoteNumberSC", remoteNumberSC, mandatory: true)
        o.put("iRemoteContactSource", remoteContactSource, mandatory: true)
        o.put("projectPinRule", ProjectPinRule.empty)
        o.put("u8sNote", note, mandatory: true)
        o.put("u8sTrackerID", trackerID, mandatory: true)
        o.put("utcCallCreated", created, mandatory: true)
        o.put("utcCallConnected", connected, mandatory: true)
        o.put("utcCallDisconnected", disconnected, mandatory: true)
        o.put("bIsUnknownHoldContact", JSONValue.bool(false))
        o.put("pLocalContact", localContact?.json)
        o.put("pRemoteContact", remoteContact?.json)
        o.put("pu8sRedirectingNumber", redirectingNumber)
        o.put("optionalParams", optionalParams?.json)
        return o.json
    }
}

/// `AsnProjectPinRule`: mandatory in call and journal structures; ucbridge does not read it.
enum ProjectPinRule {
    static let empty: JSONValue = [
        "u8sProjectName": "", "u8sProjectPin": "", "iProjectType": 0, "bAssociatedCallIsPrivateCall": false,
        "u8sLocationID": "", "u8sUserEnteredPin": "", "u8sUserEnteredUserID": "",
    ]

    static func named(_ project: String?) -> JSONValue {
        var rule = empty
        if let project { rule.set("u8sProjectName", .string(project)) }
        return rule
    }
}
