import Foundation

/// The SQL of one group commit: inserts events with their sequences and applies the state
/// changes, all inside the caller's transaction. Lives on the writer thread with its connection.
final class OutboxBatchWriter {
    let db: SQLiteConnection
    private let now: @Sendable () -> Date

    init(db: SQLiteConnection, now: @escaping @Sendable () -> Date) {
        self.db = db
        self.now = now
    }

    /// What a group commit did, applied to the writer's counters only once COMMIT succeeded.
    struct Outcome {
        var lastSequence: Int64
        var inserted: [String: Int] = [:]
        var duplicates = 0
        var insertedCount: Int { inserted.values.reduce(0, +) }
    }

    /// Writes `batches` after `lastSequence`. A duplicate id (`INSERT OR IGNORE` changed nothing)
    /// consumes no sequence, so sequences stay gap-free in commit order.
    func write(_ batches: [NormalizedBatch], after lastSequence: Int64) throws -> Outcome {
        var outcome = Outcome(lastSequence: lastSequence)
        let insert = try db.cached("INSERT OR IGNORE INTO events(sequence, id, type, subject, time, body, raw) VALUES (?, ?, ?, ?, ?, ?, ?)")
        let updatedAt = CloudEventEnvelope.milliseconds(now())
        for batch in batches {
            for event in batch.events {
                let sequence = outcome.lastSequence + 1
                let body = CloudEventEnvelope.render(event, sequence: sequence)
                let changed = try insert.execute([
                    .integer(sequence), .text(event.id), .text(event.type.rawValue), .text(orNull: event.subject),
                    .integer(CloudEventEnvelope.milliseconds(event.time)), .blob(body), .text(orNull: event.raw?.jsonText),
                ])
                if changed == 1 {
                    outcome.lastSequence = sequence
                    outcome.inserted[event.type.rawValue, default: 0] += 1
                } else {
                    outcome.duplicates += 1
                }
            }
            for change in batch.changes { try apply(change, updatedAt: updatedAt) }
        }
        if outcome.lastSequence != lastSequence {
            // Kept beside the rows so that a fully pruned outbox never restarts its numbering
            // (sink cursors and API clients hold sequences).
            try setMeta("last_sequence", String(outcome.lastSequence))
        }
        return outcome
    }

    private func apply(_ change: StateChange, updatedAt: Int64) throws {
        switch change {
        case let .presence(contact, data?):
            try db.cached("INSERT OR REPLACE INTO presence(contact, data, updated_at) VALUES (?, ?, ?)")
                .execute([.text(contact), .text(data.jsonText), .integer(updatedAt)])
        case let .presence(contact, nil):
            try db.cached("DELETE FROM presence WHERE contact = ?").execute([.text(contact)])
        case let .call(connectionID, line, active, data):
            try db.cached("INSERT OR REPLACE INTO calls(connection_id, line, active, data, updated_at) VALUES (?, ?, ?, ?, ?)")
                .execute([.text(connectionID), .text(orNull: line), .integer(active ? 1 : 0), .text(data.jsonText), .integer(updatedAt)])
        case let .line(uri, data?):
            try db.cached("INSERT OR REPLACE INTO lines(uri, data) VALUES (?, ?)").execute([.text(uri), .text(data.jsonText)])
        case let .line(uri, nil):
            try db.cached("DELETE FROM lines WHERE uri = ?").execute([.text(uri)])
        case let .journal(connectionID, transactionID, startedAt, data?):
            try db.cached("INSERT OR REPLACE INTO journal(connection_id, transaction_id, started_at, data) VALUES (?, ?, ?, ?)")
                .execute([.text(connectionID), .integer(orNull: transactionID),
                          .integer(orNull: startedAt.map(CloudEventEnvelope.milliseconds)), .text(data.jsonText)])
        case let .journal(connectionID, _, _, nil):
            try db.cached("DELETE FROM journal WHERE connection_id = ?").execute([.text(connectionID)])
        case let .journalWatermark(watermark):
            try setMeta("journal_watermark", String(watermark))
        }
    }

    private func setMeta(_ key: String, _ value: String) throws {
        try db.cached("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)").execute([.text(key), .text(value)])
    }
}
