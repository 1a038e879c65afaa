/// `AsnPresenceV2` (PROTOCOL.md section 7.3). Only the contact id is mandatory: a subscribe
/// result carries the sections of its return filter, an update only the sections that changed.
public struct PresenceV2: Sendable, Equatable {
    public var contactID: String
    public var presenceState: Int64?
    public var remoteContact: NetDatabaseContact?
    public var absentState: AbsentState?
    public var customNote: CustomNote?
    public var phoneLines: [PresenceLine]?
    public var calls: [PresenceCall]?
    public var lineForwards: [PresenceForward]?
    /// `seqActualAppointments`: appointments active now.
    public var appointments: [AppointmentEntry]?
    public var nextAppointment: AppointmentEntry?
    public var original = WireOriginal()

    public init(contactID: String, presenceState: Int64? = nil, remoteContact: NetDatabaseContact? = nil, absentState: AbsentState? = nil,
                customNote: CustomNote? = nil, phoneLines: [PresenceLine]? = nil, calls: [PresenceCall]? = nil,
                lineForwards: [PresenceForward]? = nil, appointments: [AppointmentEntry]? = nil, nextAppointment: AppointmentEntry? = nil) {
        self.contactID = contactID
        self.presenceState = presenceState
        self.remoteContact = remoteContact
        self.absentState = absentState
        self.customNote = customNote
        self.phoneLines = phoneLines
        self.calls = calls
        self.lineForwards = lineForwards
        self.appointments = appointments
        self.nextAppointment = nextAppointment
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnPresenceV2")
        contactID = try json.requireString(["u8sContactId", "u8sContactID"], type: "AsnPresenceV2")
        presenceState = json.int("iPresenceState")
        remoteContact = try json.object("asnRemoteContact").map(NetDatabaseContact.init(json:))
        absentState = try json.object("asnAbsentState").map(AbsentState.init(json:))
        customNote = try json.object("asnCustomNote").map(CustomNote.init(json:))
        phoneLines = json.list("seqPhoneLines", as: PresenceLine.init(json:))
        calls = json.list("seqCalls", as: PresenceCall.init(json:))
        lineForwards = json.list("seqLineForwards", as: PresenceForward.init(json:))
        appointments = json.list("seqActualAppointments", as: AppointmentEntry.init(json:))
        nextAppointment = try json.object("asnNextAppointment").map(AppointmentEntry.init(json:))
        original = WireOriginal(json)
    }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sContactId", contactID)
        o.put("iPresenceState", presenceState)
        o.put("asnRemoteContact", remoteContact?.json)
        o.put("asnAbsentState", absentState?.json)
        o.put("asnCustomNote", customNote?.json)
        o.put("seqActualAppointments", appointments) { $0.json }
        o.put("asnNextAppointment", nextAppointment?.json)
        o.put("seqPhoneLines", phoneLines) { $0.json }
        o.put("seqCalls", calls) { $0.json }
        o.put("seqLineForwards", lineForwards) { $0.json }
        return o.json
    }

    /// The contacts of an `asnGetAndSubscribePresenceV2` result (`seqSubscribedPresence`).
    public static func list(_ result: JSONValue) throws(ModelDecodingError) -> [PresenceV2] {
        try result.requireObject("AsnGetAndSubscribePresenceResult")
        return result.list("seqSubscribedPresence", as: PresenceV2.init(json:)) ?? []
    }

    /// Names of the sections this value carries, in `AsnPresenceSubscriptionFlags` terms;
    /// used as `changed` for snapshots, which have no `iChangedFlags`.
    public var sectionFlags: Int64 {
        var flags: Int64 = 0
        if presenceState != nil { flags |= PresenceSection.presence.rawValue }
        if remoteContact != nil { flags |= PresenceSection.data.rawValue }
        if absentState != nil { flags |= PresenceSection.absentState.rawValue }
        if customNote != nil { flags |= PresenceSection.note.rawValue }
        if appointments != nil || nextAppointment != nil { flags |= PresenceSection.appointment.rawValue }
        if phoneLines != nil { flags |= PresenceSection.phoneLines.rawValue }
        if calls != nil { flags |= PresenceSection.phoneCalls.rawValue }
        if lineForwards != nil { flags |= PresenceSection.phoneForwards.rawValue }
        return flags
    }
}

/// `AsnPresenceSubscriptionFlags` bits (PROTOCOL.md section 7.2); `iChangedFlags` uses the same.
public struct PresenceSection: Sendable, Hashable {
    public let rawValue: Int64
    public let name: String

    public static let presence = PresenceSection(rawValue: 1, name: "presence")
    public static let data = PresenceSection(rawValue: 2, name: "data")
    public static let image = PresenceSection(rawValue: 4, name: "image")
    public static let configuration = PresenceSection(rawValue: 8, name: "configuration")
    public static let absentState = PresenceSection(rawValue: 16, name: "absentstate")
    public static let note = PresenceSection(rawValue: 32, name: "note")
    public static let appointment = PresenceSection(rawValue: 64, name: "appointment")
    public static let phoneLines = PresenceSection(rawValue: 128, name: "phonelines")
    public static let phoneCalls = PresenceSection(rawValue: 256, name: "phonecalls")
    public static let phoneForwards = PresenceSection(rawValue: 512, name: "phoneforwards")
    public static let challengeUpdates = PresenceSection(rawValue: 1024, name: "challengeupdates")
    public static let rights = PresenceSection(rawValue: 2048, name: "rights")
    public static let groupRights = PresenceSection(rawValue: 4096, name: "grouprights")
    public static let globalRights = PresenceSection(rawValue: 8192, name: "globalrights")
    public static let agentStatus = PresenceSection(rawValue: 32768, name: "agentstatus")
    public static let monitorGrouping = PresenceSection(rawValue: 65536, name: "monitorgrouping")

    public static let all: [PresenceSection] = [
        .presence, .data, .image, .configuration, .absentState, .note, .appointment, .phoneLines, .phoneCalls,
        .phoneForwards, .challengeUpdates, .rights, .groupRights, .globalRights, .agentStatus, .monitorGrouping,
    ]

    /// Section names for a flag value, in bit order; unknown bits read `bit_N`.
    public static func names(_ flags: Int64) -> [String] {
        var out: [String] = []
        for bit in 0..<63 {
            let v = Int64(1) << Int64(bit)
            guard flags & v != 0 else { continue }
            out.append(all.first(where: { $0.rawValue == v })?.name ?? "bit_\(bit)")
        }
        return out
    }
}

/// `asnUpdatePresenceV2` argument: a partial presence and which sections changed.
public struct PresenceUpdate: Sendable, Equatable {
    public var presence: PresenceV2
    public var changedFlags: Int64
    public var original = WireOriginal()

    public init(presence: PresenceV2, changedFlags: Int64) {
        self.presence = presence
        self.changedFlags = changedFlags
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnUpdatePresenceV2Argument")
        guard let p = json.object("presence") else { throw .missingMember("presence", type: "AsnUpdatePresenceV2Argument") }
        presence = try PresenceV2(json: p)
        // Without the flags, the sections present are what changed.
        changedFlags = json.int("iChangedFlags") ?? presence.sectionFlags
        original = WireOriginal(json)
    }

    public var json: JSONValue { ["presence": presence.json, "iChangedFlags": .int(changedFlags)] }
}
