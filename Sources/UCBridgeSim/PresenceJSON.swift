import UCBridge

/// Section bits of `AsnPresenceSubscriptionFlags`, also used by `iChangedFlags`.
enum PresenceSection {
    static let presence: Int64 = 1
    static let data: Int64 = 2
    static let absentState: Int64 = 16
    static let note: Int64 = 32
    static let appointment: Int64 = 64
    static let phoneLines: Int64 = 128
    static let phoneCalls: Int64 = 256
    static let phoneForwards: Int64 = 512
}

/// Wire forms of presence data, SDK spellings, every mandatory member present.
extension SimContact {
    var remoteContactJSON: JSONValue {
        var v: JSONValue = [
            "u8sEntryIDDB": "DB_UCSERVER",
            "u8sEntryID": .string(userName),
            "u8sCtiServerUserName": .string(userName),
            "u8sDisplayName": .string(displayName),
            "u8sFirstName": .string(firstName),
            "u8sLastName": .string(lastName),
            "u8sCompany": .string(company),
            "u8sDepartment": .string(department),
            "u8sEMail": .string(id.hasPrefix("sip:") ? String(id.dropFirst(4)) : id),
            "u8sSIPAddress": .string(id),
            "u8sPhoneBusiness": .string(phoneBusiness),
        ]
        if let phoneMobile { v.set("u8sPhoneMobile", .string(phoneMobile)) }
        return v
    }

    var absentStateJSON: JSONValue { ["u8sContactId": .string(id), "eAbsentState": .int(absentState)] }

    var customNoteJSON: JSONValue {
        ["u8sContactID": .string(id), "u8sUsername": .string(displayName), "u8sNote": .string(note)]
    }

    /// `AsnPresenceLine[]` with the contact's primary line.
    func phoneLinesJSON(dnd: Bool) -> JSONValue {
        guard let lineURI else { return [] }
        return [[
            "u8sLinePhoneNumber": .string(lineURI),
            "u8sLineNumber": .string(phoneBusiness),
            "iState": 1,
            "iDoNotDisturb": .int(dnd ? 1 : 0),
            "iForwardFeaturesPBX": 7,
        ]]
    }

    /// The full `AsnPresenceV2` a subscribe result carries.
    func presenceJSON(dnd: Bool = false) -> JSONValue {
        [
            "u8sContactId": .string(id),
            "iPresenceState": .int(presenceState),
            "asnRemoteContact": remoteContactJSON,
            "asnAbsentState": absentStateJSON,
            "asnCustomNote": customNoteJSON,
            "seqActualAppointments": [],
            "seqPhoneLines": phoneLinesJSON(dnd: dnd),
            "seqCalls": [],
            "seqLineForwards": [],
        ]
    }

    /// `asnUpdatePresenceV2` argument with only the sections in `changed`.
    func updateArgument(changed: Int64) -> JSONValue {
        var presence: JSONValue = ["u8sContactId": .string(id)]
        if changed & PresenceSection.presence != 0 { presence.set("iPresenceState", .int(presenceState)) }
        if changed & PresenceSection.data != 0 { presence.set("asnRemoteContact", remoteContactJSON) }
        if changed & PresenceSection.absentState != 0 { presence.set("asnAbsentState", absentStateJSON) }
        if changed & PresenceSection.note != 0 { presence.set("asnCustomNote", customNoteJSON) }
        return ["presence": presence, "iChangedFlags": .int(changed)]
    }
}

/// `AsnGetLoggedInContactV2Result` pieces (`AsnContactV2`, all members mandatory).
extension SimState {
    func loggedInContactResult(loginName: String) -> JSONValue {
        let me = loginContact
        let id = me?.id ?? loginContactID
        let ownLines: [JSONValue] = lines.map { line in
            [
                "iType": .int(line.type),
                "u8sLinePhoneNumber": .string(line.uri),
                "u8sDescriptor": .string(line.descriptor),
                "u8sNumber": .string(line.phoneNumber),
                "seqCalls": .array(calls(on: line.uri).map { contactCallJSON($0, contactID: id) }),
                "seqLineForwards": .array(line.forwards.map(\.json)),
                "iState": 1,
                "bDoNotDisturb": .bool(line.doNotDisturb),
                "iForwardFeaturesPBX": 7,
                "u8sAddressNames": [.string(line.addressName)],
                "u8sAddressCaps": "",
                "u8sCTIFeatureCodes": "",
            ]
        }
        let contact: JSONValue = [
            "u8sContactId": .string(id),
            "iContactFeatureSet": 4095,
            "iPresenceState": .int(me?.presenceState ?? 1),
            "iStaticRights": 0,
            "iStaticRights2": 0,
            "iMonitorAccessRights": 0,
            "asnRemoteContact": me?.remoteContactJSON ?? [:],
            "seqPhoneLines": .array(ownLines),
            "asnAbsentState": me?.absentStateJSON ?? ["u8sContactId": .string(id), "eAbsentState": 0],
            "asnCustomNote": me?.customNoteJSON ?? ["u8sContactID": .string(id), "u8sUsername": "", "u8sNote": ""],
            "seqActualAppointments": [],
            "asnNextAppointment": Self.emptyAppointment,
            "asnUserPropertyBag": ["asnProperties": []],
        ]
        return ["u8sLoggedInUser": .string(loginName), "ownContact": contact]
    }

    static let emptyAppointment: JSONValue = [
        "u8sEntryID": "", "u8sOwner": "", "u8sDataSource": "", "stStart": "", "stEnd": "", "iDuration": 0,
        "u8sSubject": "", "u8sText": "", "bAllDay": false, "iStatus": 0, "u8sCategory": "", "iImportance": 1,
        "iSensitivity": 0, "bIsValid": false,
    ]

    /// `AsnContactCallInformationV2`.
    func contactCallJSON(_ call: SimCall, contactID: String) -> JSONValue {
        [
            "u8sContactChangedId": .string(contactID),
            "iPresenceState": .int(loginContact?.presenceState ?? 1),
            "u8sConnectionID": .string(call.connectionID),
            "u8sLinePhoneNumber": .string(call.line),
            "iCallState": .int(call.state.wireValue),
            "iDisconnectedReason": .int(call.disconnectedReason),
            "iFeatures": .int(call.state.features),
            "bOutbound": .bool(call.outbound),
            "bInternal": .bool(call.internalCall),
            "bPrivate": false,
            "iCallRecordingState": 0,
            "bConferenceCtlr": false,
            "u8sCurrentNumberSC": .string(call.remoteNumber),
            "u8sTrackerID": .string(call.trackerID),
            "u8sLocalCurrentNumberSC": .string(line(call.line)?.phoneNumber ?? ""),
        ]
    }
}
