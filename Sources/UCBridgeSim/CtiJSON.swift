import UCBridge

/// Wire forms of CTI data (PROTOCOL.md 8.3), shaped like the fixtures.
extension SimForward {
    var json: JSONValue {
        [
            "iInternalID": .int(internalID),
            "iForwardController": 1,
            "iForwardMode": .int(mode),
            "iBackEndSpecific": 0,
            "iNoAnswerTime": .int(noAnswerTime),
            "u8sDestination": .string(destination),
            "u8sCallerIDList": [],
        ]
    }
}

extension SimLine {
    static let locationID = "{6A7B1C2D-3E4F-5061-7283-94A5B6C7D8E9}"

    /// `AsnCtiLineInfo`.
    var infoJSON: JSONValue {
        [
            "iType": .int(type),
            "iLineOpenStatus": 2,
            "u8sLinePhoneNumber": .string(uri),
            "u8sDescriptor": .string(descriptor),
            "u8sPhoneNumber": .string(phoneNumber),
            "u8sLineLocationID": .string(Self.locationID),
            "iLineFeatures": .int(lineFeatures),
            "iForwardFeaturesPBX": 7,
            "iForwardFeaturesSERVER": 1,
            "iForwardFeaturesUSER": 0,
            "optionalParams": ["AddressNames": .string(addressName)],
        ]
    }
}

extension SimState {
    static let emptyProjectPinRule: JSONValue = [
        "u8sProjectName": "", "u8sProjectPin": "", "iProjectType": 0, "bAssociatedCallIsPrivateCall": false,
        "u8sLocationID": "", "u8sUserEnteredPin": "", "u8sUserEnteredUserID": "",
    ]

    /// `AsnCtiCallInformation`, the full form (no "reduced" variant).
    func callInformationJSON(_ call: SimCall) -> JSONValue {
        let me = loginContact
        var info: JSONValue = [
            "u8sLinePhoneNumber": .string(call.line),
            "u8sConnectionID": .string(call.connectionID),
            "iCallState": .int(call.state.wireValue),
            "iCallType": 0,
            "iDisconnectedReason": .int(call.disconnectedReason),
            "iFeatures": .int(call.state.features),
            "bOutbound": .bool(call.outbound),
            "bInternal": .bool(call.internalCall),
            "bCallerIDBlocked": false,
            "iCallRecordingState": 0,
            "bConferenceCtlr": false,
            "u8sConferenceCtlrID": "",
            "u8sLocalNumberSC": .string(line(call.line)?.phoneNumber ?? ""),
            "u8sRemoteNumberSC": .string(call.remoteNumber),
            "iRemoteContactSource": .int(call.remoteName == nil ? 0 : 1),
            "projectPinRule": Self.emptyProjectPinRule,
            "u8sNote": "",
            "u8sTrackerID": .string(call.trackerID),
            "utcCallCreated": .string(SimTime.format(call.created)),
            "utcCallConnected": .string(SimTime.format(call.connected)),
            "utcCallDisconnected": .string(SimTime.format(call.disconnected)),
            "bIsUnknownHoldContact": false,
            "pLocalContact": [
                "u8sDisplayName": .string(me?.displayName ?? ""),
                "u8sCtiServerUserName": .string(me?.userName ?? ""),
                "u8sSIPAddress": .string(loginContactID),
            ],
        ]
        if let name = call.remoteName {
            var remote: JSONValue = [
                "u8sEntryIDDB": "DB_CRM",
                "u8sEntryID": .string("C-" + String(call.remoteNumber.filter(\.isNumber).suffix(6))),
                "u8sEntryIDStore": "",
                "u8sDisplayName": .string(name),
            ]
            let parts = name.split(separator: " ", maxSplits: 1)
            if parts.count == 2 {
                remote.set("u8sFirstName", .string(String(parts[0])))
                remote.set("u8sLastName", .string(String(parts[1])))
            }
            if let company = call.remoteCompany { remote.set("u8sCompany", .string(company)) }
            remote.set("u8sPhoneBusiness", .string(call.remoteNumber))
            info.set("pRemoteContact", remote)
        }
        info.set("optionalParams", ["PBXCallID": .string(call.pbxCallID), "AddressID": 0])
        return info
    }

    /// `asnCtiLineMonitorStart` result.
    func monitorStartResult(line: SimLine, crossRef: String) -> JSONValue {
        [
            "u8sMonitorCrossRefID": .string(crossRef),
            "lineInfo": line.infoJSON,
            "seqCalls": .array(calls(on: line.uri).map(callInformationJSON)),
            "iDoNotDisturb": .int(line.doNotDisturb ? 1 : 0),
            "seqLineForwards": .array(line.forwards.map(\.json)),
            "remoteOfficeState": ["u8sController": "", "iEnabled": 0, "u8sDestination": ""],
            "optionalParams": ["BusyOnBusy": 0],
        ]
    }
}
