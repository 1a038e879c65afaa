import Foundation

/// `ucbridge.journal.entry` / `.removed` (ARCHITECTURE.md section 4, PROTOCOL.md 9.4).
/// An entry revision is `(u8sConnectionID, iTransactionID)`: its event id is the UUIDv5 of that
/// pair, and a revision not newer than the stored one is skipped, so replays and overlapping
/// catch-up pages never duplicate.
extension Normalizer {
    func applyJournal(_ entry: JournalEntry, kind: JournalChange.Kind, transactionID: Int64?, resynced: Bool, raw: JSONValue?,
                      state: inout BridgeState, out: inout BatchBuilder) {
        let id = entry.connectionID
        if let tx = transactionID, let stored = state.journalRevisions[id], stored >= tx { return }
        let revision = transactionID.map(String.init) ?? "none"
        if kind == .deleted {
            let data: JSONValue = ["connection_id": .string(id), "transaction_id": .int(orNull: transactionID), "resynced": .bool(resynced)]
            out.emit(.journalRemoved, subject: id, time: nil, data: data, raw: raw, identity: "journal:removed:\(id):\(revision)")
            out.change(.journal(connectionID: id, transactionID: transactionID, startedAt: nil, data: nil))
        } else {
            let data = JournalData.make(entry, transactionID: transactionID, resynced: resynced)
            // Without a revision the content is the identity: the same entry twice is one event.
            let identity = transactionID != nil ? "journal:\(id):\(revision)" : "journal:\(id):none:\(data.comparable.jsonText)"
            let time = kind == .added || resynced ? (entry.stopTime ?? entry.startTime) : nil
            out.emit(.journalEntry, subject: id, time: time, data: data, raw: raw, identity: identity)
            out.change(.journal(connectionID: id, transactionID: transactionID, startedAt: entry.startTime, data: data))
        }
        guard let tx = transactionID else { return }
        state.journalRevisions[id] = tx
        if tx > state.journalWatermark {
            state.journalWatermark = tx
            out.change(.journalWatermark(tx))
        }
    }
}

enum JournalData {
    static func make(_ e: JournalEntry, transactionID: Int64?, resynced: Bool) -> JSONValue {
        let direction: JSONValue = e.origin.map { .string($0 == 1 ? "outbound" : "inbound") } ?? .null
        return [
            "connection_id": .string(e.connectionID),
            "direction": direction,
            "line": .text(e.lineNumber),
            "local_number": .text(e.localNumber),
            "remote_number": .text(e.phoneNumber),
            "contact_name": .text(e.contactName),
            "company": .text(e.contactCompany),
            "started_at": .time(orNull: e.startTime),
            "connected_at": .time(orNull: e.connectTime),
            "ended_at": .time(orNull: e.stopTime),
            "duration_total_s": .int(orNull: e.durationTotal),
            "duration_connected_s": .int(orNull: e.durationConnected),
            "answered": answered(e),
            "memo": .text(e.memo),
            "subject": .text(e.subject),
            "project": .text(e.projectName),
            "read": .bool(orNull: e.read),
            "transaction_id": .int(orNull: transactionID),
            "tracker_id": .text(e.trackerID),
            "resynced": .bool(resynced),
        ]
    }

    /// The success state (`iSucessState`) has no documented values — the SDK says "TBD" and
    /// shows 0 for a connected call — so "answered" is read from what it summarizes: whether
    /// the call was ever connected. Null only when the entry carries neither.
    static func answered(_ e: JournalEntry) -> JSONValue {
        if e.connectTime != nil { return true }
        if let connected = e.durationConnected { return .bool(connected > 0) }
        if e.stopTime != nil || e.startTime != nil { return false }
        return .null
    }
}
