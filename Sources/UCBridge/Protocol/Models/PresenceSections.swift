import Foundation

/// `AsnAbsentStateV2`: the manual presence (PROTOCOL.md section 7.3).
public struct AbsentState: Sendable, Equatable {
    public var contactID: String?
    /// `AsnAbsentStateEnum`: 0 not absent, 1 out of office, 2 busy, 3 do not disturb, 4 not set.
    public var absentState: Int64
    public var presenceState: Int64?
    public var timeFrom: Date?
    public var timeTo: Date?
    public var reachability: Int64?

    public init(contactID: String? = nil, absentState: Int64, presenceState: Int64? = nil, timeFrom: Date? = nil, timeTo: Date? = nil, reachability: Int64? = nil) {
        self.contactID = contactID
        self.absentState = absentState
        self.presenceState = presenceState
        self.timeFrom = timeFrom
        self.timeTo = timeTo
        self.reachability = reachability
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnAbsentStateV2")
        contactID = json.string("u8sContactId", "u8sContactID")
        absentState = json.int("eAbsentState") ?? 0
        presenceState = json.int("iPresenceState")
        timeFrom = json.time("stTimeFrom")
        timeTo = json.time("stTimeTo")
        reachability = json.int("eReachability")
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sContactId", contactID, mandatory: true)
        o.put("eAbsentState", absentState)
        o.put("iPresenceState", presenceState)
        o.put("stTimeFrom", timeFrom)
        o.put("stTimeTo", timeTo)
        o.put("eReachability", reachability)
        return o.json
    }
}

/// `AsnCustomNote` (note the `u8sContactID` spelling here).
public struct CustomNote: Sendable, Equatable {
    public var contactID: String?
    public var username: String?
    public var note: String

    public init(contactID: String? = nil, username: String? = nil, note: String) {
        self.contactID = contactID
        self.username = username
        self.note = note
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnCustomNote")
        contactID = json.string("u8sContactID", "u8sContactId")
        username = json.string("u8sUsername", "u8sUserName")
        note = json.string("u8sNote") ?? ""
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sContactID", contactID, mandatory: true)
        o.put("u8sUsername", username, mandatory: true)
        o.put("u8sNote", note)
        return o.json
    }
}

/// `AsnPresenceLine`.
public struct PresenceLine: Sendable, Equatable {
    public var linePhoneNumber: String
    public var lineNumber: String?
    /// Unnamed in the SDK; the seed says 0 offline, 1 online.
    public var state: Int64?
    public var doNotDisturb: Bool?
    public var forwardFeaturesPBX: Int64?

    public init(linePhoneNumber: String, lineNumber: String? = nil, state: Int64? = nil, doNotDisturb: Bool? = nil, forwardFeaturesPBX: Int64? = nil) {
        self.linePhoneNumber = linePhoneNumber
        self.lineNumber = lineNumber
        self.state = state
        self.doNotDisturb = doNotDisturb
        self.forwardFeaturesPBX = forwardFeaturesPBX
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnPresenceLine")
        linePhoneNumber = try json.requireString(["u8sLinePhoneNumber"], type: "AsnPresenceLine")
        lineNumber = json.string("u8sLineNumber")
        state = json.int("iState")
        doNotDisturb = json.bool("iDoNotDisturb")
        forwardFeaturesPBX = json.int("iForwardFeaturesPBX")
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sLinePhoneNumber", linePhoneNumber)
        o.put("u8sLineNumber", lineNumber, mandatory: true)
        o.put("iState", state, mandatory: true)
        o.put("iDoNotDisturb", .int(doNotDisturb == true ? 1 : 0))
        o.put("iForwardFeaturesPBX", forwardFeaturesPBX, mandatory: true)
        return o.json
    }
}

/// `AsnPresenceCallV2`: a call as presence sees it. Feeds presence only; call events come from CTI.
public struct PresenceCall: Sendable, Equatable {
    public var action: Int64?
    public var connectionID: String
    public var linePhoneNumber: String?
    public var lineNumber: String?
    public var currentNumberSC: String?
    public var trackerID: String?
    public var callState: CallState?
    public var features: Int64?
    public var outbound: Bool?
    public var internalCall: Bool?
    public var callType: Int64?
    public var journalCallType: Int64?
    public var remoteContact: NetDatabaseContact?

    public init(connectionID: String, action: Int64? = nil, linePhoneNumber: String? = nil, lineNumber: String? = nil,
                currentNumberSC: String? = nil, trackerID: String? = nil, callState: CallState? = nil, features: Int64? = nil,
                outbound: Bool? = nil, internalCall: Bool? = nil, callType: Int64? = nil, journalCallType: Int64? = nil,
                remoteContact: NetDatabaseContact? = nil) {
        self.connectionID = connectionID
        self.action = action
        self.linePhoneNumber = linePhoneNumber
        self.lineNumber = lineNumber
        self.currentNumberSC = currentNumberSC
        self.trackerID = trackerID
        self.callState = callState
        self.features = features
        self.outbound = outbound
        self.internalCall = internalCall
        self.callType = callType
        self.journalCallType = journalCallType
        self.remoteContact = remoteContact
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnPresenceCallV2")
        connectionID = try json.requireString(["u8sConnectionID"], type: "AsnPresenceCallV2")
        action = json.int("iAction")
        linePhoneNumber = json.string("u8sLinePhoneNumber")
        lineNumber = json.string("u8sLineNumber")
        currentNumberSC = json.string("u8sCurrentNumberSC")
        trackerID = json.string("u8sTrackerID")
        callState = json.int("eCallState", "iCallState").map(CallState.init(rawValue:))
        features = json.int("iFeatures")
        outbound = json.bool("bOutbound")
        internalCall = json.bool("bInternal")
        callType = json.int("eCallType")
        journalCallType = json.int("eJournalCallType")
        remoteContact = try json.object("remoteContact").map(NetDatabaseContact.init(json:))
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("iAction", action, mandatory: true)
        o.put("u8sConnectionID", connectionID)
        o.put("u8sLinePhoneNumber", linePhoneNumber, mandatory: true)
        o.put("u8sLineNumber", lineNumber, mandatory: true)
        o.put("u8sCurrentNumberSC", currentNumberSC, mandatory: true)
        o.put("u8sTrackerID", trackerID, mandatory: true)
        o.put("eCallState", callState?.rawValue, mandatory: true)
        o.put("iFeatures", features, mandatory: true)
        o.put("bOutbound", outbound, mandatory: true)
        o.put("bInternal", internalCall, mandatory: true)
        o.put("eCallType", callType, mandatory: true)
        o.put("eJournalCallType", journalCallType, mandatory: true)
        o.put("remoteContact", remoteContact?.json)
        return o.json
    }
}

/// `AsnPresenceForward`.
public struct PresenceForward: Sendable, Equatable {
    public var linePhoneNumber: String?
    public var lineNumber: String?
    public var internalID: Int64?
    public var destination: String?
    public var forwardMode: Int64?
    public var noAnswerTime: Int64?

    public init(linePhoneNumber: String? = nil, lineNumber: String? = nil, internalID: Int64? = nil, destination: String? = nil, forwardMode: Int64? = nil, noAnswerTime: Int64? = nil) {
        self.linePhoneNumber = linePhoneNumber
        self.lineNumber = lineNumber
        self.internalID = internalID
        self.destination = destination
        self.forwardMode = forwardMode
        self.noAnswerTime = noAnswerTime
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnPresenceForward")
        linePhoneNumber = json.string("u8sLinePhoneNumber")
        lineNumber = json.string("u8sLineNumber")
        internalID = json.int("iInternalID")
        destination = json.string("u8sDestination")
        forwardMode = json.int("iForwardMode")
        noAnswerTime = json.int("iNoAnswerTime")
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sLinePhoneNumber", linePhoneNumber, mandatory: true)
        o.put("u8sLineNumber", lineNumber, mandatory: true)
        o.put("iInternalID", internalID, mandatory: true)
        o.put("u8sDestination", destination, mandatory: true)
        o.put("iForwardMode", forwardMode, mandatory: true)
        o.put("iNoAnswerTime", noAnswerTime)
        return o.json
    }
}

/// `AsnAppointmentEntry`, the members ucbridge reads.
public struct AppointmentEntry: Sendable, Equatable {
    public var entryID: String?
    public var start: Date?
    public var end: Date?
    public var subject: String?
    public var allDay: Bool?
    /// 0 free, 1 tentative, 2 busy, 3 out of office.
    public var status: Int64?

    public init(entryID: String? = nil, start: Date? = nil, end: Date? = nil, subject: String? = nil, allDay: Bool? = nil, status: Int64? = nil) {
        self.entryID = entryID
        self.start = start
        self.end = end
        self.subject = subject
        self.allDay = allDay
        self.status = status
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnAppointmentEntry")
        entryID = json.string("u8sEntryID")
        start = json.time("stStart")
        end = json.time("stEnd")
        subject = json.string("u8sSubject")
        allDay = json.bool("bAllDay")
        status = json.int("iStatus")
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sEntryID", entryID, mandatory: true)
        o.put("u8sOwner", JSONValue.string(""))
        o.put("u8sDataSource", JSONValue.string(""))
        o.put("stStart", start, mandatory: true)
        o.put("stEnd", end, mandatory: true)
        let duration: Int64 = (start != nil && end != nil) ? Int64(end!.timeIntervalSince(start!)) : 0
        o.put("iDuration", .int(duration))
        o.put("u8sSubject", subject, mandatory: true)
        o.put("u8sText", JSONValue.string(""))
        o.put("bAllDay", allDay, mandatory: true)
        o.put("iStatus", status, mandatory: true)
        o.put("u8sCategory", JSONValue.string(""))
        o.put("iImportance", .int(1))
        o.put("iSensitivity", .int(0))
        o.put("bIsValid", .bool(true))
        return o.json
    }
}
