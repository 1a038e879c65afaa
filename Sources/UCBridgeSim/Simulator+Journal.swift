import Foundation
import UCBridge

extension Simulator {
    /// `POST /sim/journal`: adds (new `connection_id`) or modifies an entry with the next
    /// transaction id; `"delete": true` (or `"flags": 3`) deletes it. Sends
    /// asnJournalEntryListChanged to journal-subscribed sessions.
    public func controlJournal(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let body = SimControlBody(json: json)
        return try locked { () throws(SimControlError) -> JSONValue in
            let id = body.string("connection_id")
            let existing = id.flatMap { state.journal[$0] }.flatMap { $0.deleted ? nil : $0 }
            if body.bool("delete") == true || body.int("flags") == 3 {
                guard var entry = existing else { throw SimControlError(404, "unknown journal entry \(id ?? "(none)")") }
                entry.deleted = true
                return addJournal(entry, flags: 3)
            }
            let now = Date()
            var entry = existing ?? SimJournalEntry(
                connectionID: id ?? SimID.guid(), start: now.addingTimeInterval(-60), stop: now, connect: nil, disconnect: nil, outbound: false,
                lineNumber: state.lines.first?.phoneNumber ?? "", lineName: state.loginContact?.displayName ?? "",
                lineUserName: state.loginContact?.userName ?? "", localNumber: state.lines.first?.addressName ?? "",
                phoneNumber: "+4940555987654", trackerID: SimID.guid(), transactionID: 0)
            if let v = body.string("start").flatMap(SimTime.parse) { entry.start = v }
            if let v = body.int("duration") { entry.stop = entry.start.addingTimeInterval(Double(v)) }
            if let v = body.int("connected_duration") {
                entry.connect = v > 0 ? entry.stop.addingTimeInterval(-Double(v)) : nil
                entry.disconnect = v > 0 ? entry.stop : nil
            }
            if let v = body.bool("outbound") { entry.outbound = v }
            if let v = body.bool("internal") { entry.internalCall = v }
            if let v = body.string("phone_number") { entry.phoneNumber = v }
            if let v = body.string("contact_name") { entry.contactName = v }
            if let v = body.string("company") { entry.contactCompany = v }
            if let v = body.string("memo") { entry.memo = v }
            if let v = body.string("subject") { entry.subject = v }
            if let v = body.bool("read") { entry.read = v }
            return addJournal(entry, flags: existing == nil ? 1 : 2)
        }
    }

    /// Stores a revision with the next transaction id and notifies subscribers (caller holds `lock`).
    func addJournal(_ entry: SimJournalEntry, flags: Int64) -> JSONValue {
        var e = entry
        e.transactionID = state.nextTransactionID()
        let subscribed = sessions.values.contains { $0.isConnected && $0.journalSubscribed }
        e.offline = e.offline && !subscribed
        state.journal[e.connectionID] = e
        let event = Self.event(.journalEntryListChanged, [
            "iLastTransactionID": .int(state.lastTransactionID),
            "journalEntryChangedList": [e.changedJSON(flags: flags)],
        ])
        let sent = broadcast(event) { $0.journalSubscribed }
        return ["connection_id": .string(e.connectionID), "transaction_id": .int(e.transactionID), "flags": .int(flags), "sent": .int(Int64(sent))]
    }
}
