/// `AsnLineForward` (PROTOCOL.md section 8.3).
public struct LineForward: Sendable, Equatable {
    public var internalID: Int64?
    /// 1 PBX, 2 UCServer admin, 4 UCServer user.
    public var forwardController: Int64?
    /// `EnumForwardModes` bits.
    public var forwardMode: Int64
    public var backEndSpecific: Int64?
    public var noAnswerTime: Int64?
    public var destination: String
    public var callerIDList: [String]?

    public init(internalID: Int64? = nil, forwardController: Int64? = nil, forwardMode: Int64, backEndSpecific: Int64? = nil,
                noAnswerTime: Int64? = nil, destination: String, callerIDList: [String]? = nil) {
        self.internalID = internalID
        self.forwardController = forwardController
        self.forwardMode = forwardMode
        self.backEndSpecific = backEndSpecific
        self.noAnswerTime = noAnswerTime
        self.destination = destination
        self.callerIDList = callerIDList
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnLineForward")
        internalID = json.int("iInternalID")
        forwardController = json.int("iForwardController")
        forwardMode = json.int("iForwardMode") ?? 0
        backEndSpecific = json.int("iBackEndSpecific")
        noAnswerTime = json.int("iNoAnswerTime")
        destination = json.string("u8sDestination") ?? ""
        callerIDList = json.strings("u8sCallerIDList")
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("iInternalID", internalID, mandatory: true)
        o.put("iForwardController", forwardController, mandatory: true)
        o.put("iForwardMode", forwardMode)
        o.put("iBackEndSpecific", backEndSpecific, mandatory: true)
        o.put("iNoAnswerTime", noAnswerTime, mandatory: true)
        o.put("u8sDestination", destination)
        o.put("u8sCallerIDList", callerIDList, mandatory: true) { .string($0) }
        return o.json
    }
}

/// `AsnCtiLineInfo`.
public struct CtiLineInfo: Sendable, Equatable {
    public var linePhoneNumber: String
    public var type: Int64?
    /// `AsnCtiLineOpenStatus`: 2 open, 3 open without phone; 0/1 and 4…9 mean the line cannot work.
    public var lineOpenStatus: Int64?
    public var descriptor: String?
    public var phoneNumber: String?
    public var lineLocationID: String?
    public var lineFeatures: Int64?
    public var forwardFeaturesPBX: Int64?
    public var forwardFeaturesServer: Int64?
    public var forwardFeaturesUser: Int64?
    public var optionalParams: OptionalParams?

    public init(linePhoneNumber: String, type: Int64? = nil, lineOpenStatus: Int64? = nil, descriptor: String? = nil, phoneNumber: String? = nil,
                lineLocationID: String? = nil, lineFeatures: Int64? = nil, forwardFeaturesPBX: Int64? = nil, forwardFeaturesServer: Int64? = nil,
                forwardFeaturesUser: Int64? = nil, optionalParams: OptionalParams? = nil) {
        self.linePhoneNumber = linePhoneNumber
        self.type = type
        self.lineOpenStatus = lineOpenStatus
        self.descriptor = descriptor
        self.phoneNumber = phoneNumber
        self.lineLocationID = lineLocationID
        self.lineFeatures = lineFeatures
        self.forwardFeaturesPBX = forwardFeaturesPBX
        self.forwardFeaturesServer = forwardFeaturesServer
        self.forwardFeaturesUser = forwardFeaturesUser
        self.optionalParams = optionalParams
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnCtiLineInfo")
        linePhoneNumber = try json.requireString(["u8sLinePhoneNumber"], type: "AsnCtiLineInfo")
        type = json.int("iType")
        lineOpenStatus = json.int("iLineOpenStatus")
        descriptor = json.string("u8sDescriptor")
        phoneNumber = json.string("u8sPhoneNumber")
        lineLocationID = json.string("u8sLineLocationID")
        lineFeatures = json.int("iLineFeatures")
        forwardFeaturesPBX = json.int("iForwardFeaturesPBX")
        forwardFeaturesServer = json.int("iForwardFeaturesSERVER")
        forwardFeaturesUser = json.int("iForwardFeaturesUSER")
        optionalParams = json["optionalParams"].flatMap(OptionalParams.init(json:))
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("iType", type, mandatory: true)
        o.put("iLineOpenStatus", lineOpenStatus, mandatory: true)
        o.put("u8sLinePhoneNumber", linePhoneNumber)
        o.put("u8sDescriptor", descriptor, mandatory: true)
        o.put("u8sPhoneNumber", phoneNumber, mandatory: true)
        o.put("u8sLineLocationID", lineLocationID, mandatory: true)
        o.put("iLineFeatures", lineFeatures, mandatory: true)
        o.put("iForwardFeaturesPBX", forwardFeaturesPBX, mandatory: true)
        o.put("iForwardFeaturesSERVER", forwardFeaturesServer, mandatory: true)
        o.put("iForwardFeaturesUSER", forwardFeaturesUser, mandatory: true)
        o.put("optionalParams", optionalParams?.json)
        return o.json
    }
}

/// `AsnRemoteOfficeState`.
public struct RemoteOfficeState: Sendable, Equatable {
    public var controller: String
    public var enabled: Bool
    public var destination: String

    public init(controller: String = "", enabled: Bool = false, destination: String = "") {
        self.controller = controller
        self.enabled = enabled
        self.destination = destination
    }

    public init(json: JSONValue) {
        controller = json.string("u8sController") ?? ""
        enabled = json.bool("iEnabled") ?? false
        destination = json.string("u8sDestination") ?? ""
    }

    public var json: JSONValue {
        ["u8sController": .string(controller), "iEnabled": .int(enabled ? 1 : 0), "u8sDestination": .string(destination)]
    }
}
