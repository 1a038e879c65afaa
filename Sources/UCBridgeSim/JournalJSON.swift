import UCBridge

/// Wire forms of the journal (PROTOCOL.md 9.2), shaped like the fixtures.
extension SimJournalEntry {
    var durationTotal: Int64 { Int64(max(0, stop.timeIntervalSince(start)).rounded()) }
    var durationConnected: Int64 {
        guard let connect, let disconnect else { return 0 }
        return Int64(max(0, disconnect.timeIntervalSince(connect)).rounded())
    }

    /// `AsnNetDatabaseJournal`, every mandatory member present.
    var json: JSONValue {
        [
            "u8sConnectionID": .string(connectionID),
            "stStartTime": .string(SimTime.format(start)),
            "stStopTime": .string(SimTime.format(stop)),
            "iDurationTotal": .int(durationTotal),
            "stConnectTime": .string(SimTime.format(connect)),
            "stDisconnectTime": .string(SimTime.format(disconnect)),
            "iDurationConnected": .int(durationConnected),
            "iOrigin": .int(outbound ? 1 : 0),
            "iInternal": .int(internalCall ? 1 : 0),
            "u8sLineNumber": .string(lineNumber),
            "u8sLineName": .string(lineName),
            "u8sLineUserName": .string(lineUserName),
            "iLineUserOffline": 0,
            "u8sLocalNumber": .string(localNumber),
            "u8sPhoneNumber": .string(phoneNumber),
            "u8sRedirectingNumber": "",
            "u8sContactName": .string(contactName),
            "u8sContactCompany": .string(contactCompany),
            "u8sContactEntryID": "",
            "u8sContactEntryStoreID": "",
            "u8sContactEntryDBID": "",
            "u8sCtiServerUserName": .string(lineUserName),
            "u8sProviderNumber": "",
            "iSucessState": .int(connect == nil ? 1 : 0),
            "u8sSubject": .string(subject),
            "u8sMemo": .string(memo),
            "iReadFlag": .int(read ? 1 : 0),
            "projectPinRule": SimState.emptyProjectPinRule,
            "u8sTrackerID": .string(trackerID),
            "u8sAcceptorName": "",
            "u8sAcceptorCtiServerUserName": "",
            "u8sAcceptorConnectionID": "",
            "optionalParams": ["CallType": 0, "iTransactionID": .int(transactionID), "TrackerLastCall": 1],
        ]
    }

    /// One `AsnJournalEntryChangedArgument`; flags 1 added, 2 modified, 3 deleted, 4 added-or-modified.
    func changedJSON(flags: Int64) -> JSONValue {
        ["iFlags": .int(flags), "journalEntry": json, "optionalParams": ["iTransactionID": .string(String(transactionID))]]
    }
}
