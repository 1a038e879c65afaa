/// `AsnContactCallInformationV2`: a call on one of the own lines, as part of `AsnContactV2`.
public struct ContactCallInformation: Sendable, Equatable {
    public var connectionID: String
    public var linePhoneNumber: String?
    public var callState: CallState?
    public var disconnectedReason: DisconnectedReason?
    public var outbound: Bool?
    public var internalCall: Bool?
    public var conferenceController: Bool?
    public var currentNumberSC: String?
    public var trackerID: String?

    public init(connectionID: String, linePhoneNumber: String? = nil, callState: CallState? = nil, disconnectedReason: DisconnectedReason? = nil,
                outbound: Bool? = nil, internalCall: Bool? = nil, conferenceController: Bool? = nil, currentNumberSC: String? = nil, trackerID: String? = nil) {
        self.connectionID = connectionID
        self.linePhoneNumber = linePhoneNumber
        self.callState = callState
        self.disconnectedReason = disconnectedReason
        self.outbound = outbound
        self.internalCall = internalCall
        self.conferenceController = conferenceController
        self.currentNumberSC = currentNumberSC
        self.trackerID = trackerID
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnContactCallInformationV2")
        connectionID = try json.requireString(["u8sConnectionID"], type: "AsnContactCallInformationV2")
        linePhoneNumber = json.string("u8sLinePhoneNumber")
        callState = json.int("iCallState", "eCallState").map(CallState.init(rawValue:))
        disconnectedReason = json.int("iDisconnectedReason").map(DisconnectedReason.init(rawValue:))
        outbound = json.bool("bOutbound")
        internalCall = json.bool("bInternal")
        conferenceController = json.bool("bConferenceCtlr", "bConferenceCtrlr")
        currentNumberSC = json.string("u8sCurrentNumberSC")
        trackerID = json.string("u8sTrackerID")
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sContactChangedId", JSONValue.string(""))
        o.put("iPresenceState", JSONValue.int(0))
        o.put("u8sConnectionID", connectionID)
        o.put("u8sLinePhoneNumber", linePhoneNumber, mandatory: true)
        o.put("iCallState", callState?.rawValue, mandatory: true)
        o.put("iDisconnectedReason", disconnectedReason?.rawValue, mandatory: true)
        o.put("iFeatures", JSONValue.int(0))
        o.put("bOutbound", outbound, mandatory: true)
        o.put("bInternal", internalCall, mandatory: true)
        o.put("bPrivate", JSONValue.bool(false))
        o.put("iCallRecordingState", JSONValue.int(0))
        o.put("bConferenceCtlr", conferenceController, mandatory: true)
        o.put("u8sCurrentNumberSC", currentNumberSC, mandatory: true)
        o.put("u8sTrackerID", trackerID, mandatory: true)
        o.put("u8sLocalCurrentNumberSC", JSONValue.string(""))
        return o.json
    }
}

/// `AsnContactPhoneLineV2`: one own line of the logged-in user.
public struct ContactPhoneLine: Sendable, Equatable {
    public var linePhoneNumber: String
    public var type: Int64?
    public var descriptor: String?
    public var number: String?
    public var calls: [ContactCallInformation]?
    public var lineForwards: [LineForward]?
    /// 0 offline, 1 online.
    public var state: Int64?
    public var doNotDisturb: Bool?

    public init(linePhoneNumber: String, type: Int64? = nil, descriptor: String? = nil, number: String? = nil, calls: [ContactCallInformation]? = nil,
                lineForwards: [LineForward]? = nil, state: Int64? = nil, doNotDisturb: Bool? = nil) {
        self.linePhoneNumber = linePhoneNumber
        self.type = type
        self.descriptor = descriptor
        self.number = number
        self.calls = calls
        self.lineForwards = lineForwards
        self.state = state
        self.doNotDisturb = doNotDisturb
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnContactPhoneLineV2")
        linePhoneNumber = try json.requireString(["u8sLinePhoneNumber"], type: "AsnContactPhoneLineV2")
        type = json.int("iType")
        descriptor = json.string("u8sDescriptor")
        number = json.string("u8sNumber")
        calls = json.list("seqCalls", as: ContactCallInformation.init(json:))
        lineForwards = json.list("seqLineForwards", as: LineForward.init(json:))
        state = json.int("iState")
        doNotDisturb = json.bool("bDoNotDisturb")
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("iType", type, mandatory: true)
        o.put("u8sLinePhoneNumber", linePhoneNumber)
        o.put("u8sDescriptor", descriptor, mandatory: true)
        o.put("u8sNumber", number, mandatory: true)
        o.put("seqCalls", calls, mandatory: true) { $0.json }
        o.put("seqLineForwards", lineForwards, mandatory: true) { $0.json }
        o.put("iState", state, mandatory: true)
        o.put("bDoNotDisturb", doNotDisturb, mandatory: true)
        o.put("iForwardFeaturesPBX", JSONValue.int(0))
        o.put("u8sAddressNames", JSONValue.array([]))
        o.put("u8sAddressCaps", JSONValue.string(""))
        o.put("u8sCTIFeatureCodes", JSONValue.string(""))
        return o.json
    }
}

/// `AsnContactV2`: the full contact of the logged-in user (PROTOCOL.md section 6.1).
public struct ContactV2: Sendable, Equatable {
    public var contactID: String
    public var presenceState: Int64?
    public var remoteContact: NetDatabaseContact?
    public var phoneLines: [ContactPhoneLine]?
    public var absentState: AbsentState?
    public var customNote: CustomNote?

    public init(contactID: String, presenceState: Int64? = nil, remoteContact: NetDatabaseContact? = nil, phoneLines: [ContactPhoneLine]? = nil,
                absentState: AbsentState? = nil, customNote: CustomNote? = nil) {
        self.contactID = contactID
        self.presenceState = presenceState
        self.remoteContact = remoteContact
        self.phoneLines = phoneLines
        self.absentState = absentState
        self.customNote = customNote
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnContactV2")
        contactID = try json.requireString(["u8sContactId", "u8sContactID"], type: "AsnContactV2")
        presenceState = json.int("iPresenceState")
        remoteContact = try json.object("asnRemoteContact").map(NetDatabaseContact.init(json:))
        phoneLines = json.list("seqPhoneLines", as: ContactPhoneLine.init(json:))
        absentState = try json.object("asnAbsentState").map(AbsentState.init(json:))
        customNote = try json.object("asnCustomNote").map(CustomNote.init(json:))
    }

    /// All members of `AsnContactV2` are mandatory: absent ones go out empty.
    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sContactId", contactID)
        o.put("iContactFeatureSet", JSONValue.int(0))
        o.put("iPresenceState", presenceState, mandatory: true)
        o.put("iStaticRights", JSONValue.int(0))
        o.put("iStaticRights2", JSONValue.int(0))
        o.put("iMonitorAccessRights", JSONValue.int(0))
        o.put("asnRemoteContact", remoteContact?.json ?? .object([]))
        o.put("seqPhoneLines", phoneLines, mandatory: true) { $0.json }
        o.put("asnAbsentState", (absentState ?? AbsentState(contactID: contactID, absentState: 0)).json)
        o.put("asnCustomNote", (customNote ?? CustomNote(contactID: contactID, username: "", note: "")).json)
        o.put("seqActualAppointments", JSONValue.array([]))
        o.put("asnNextAppointment", AppointmentEntry().json)
        o.put("asnUserPropertyBag", ["asnProperties": []])
        return o.json
    }
}

/// `AsnGetLoggedInContactV2Result`: who we are logged in as, and our own lines.
public struct LoggedInContact: Sendable, Equatable {
    public var loggedInUser: String
    public var ownContact: ContactV2

    public init(loggedInUser: String, ownContact: ContactV2) {
        self.loggedInUser = loggedInUser
        self.ownContact = ownContact
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnGetLoggedInContactV2Result")
        guard let own = json.object("ownContact") else { throw .missingMember("ownContact", type: "AsnGetLoggedInContactV2Result") }
        ownContact = try ContactV2(json: own)
        loggedInUser = json.string("u8sLoggedInUser") ?? ""
    }

    public var json: JSONValue { ["u8sLoggedInUser": .string(loggedInUser), "ownContact": ownContact.json] }
}
