import CSQLite
import Foundation

/// A read-only view of the store on its own connection. In WAL mode a reader sees the last
/// committed state and never blocks the writer. One per thread.
public final class StoreReader {
    private let db: SQLiteConnection

    init(path: String, busyTimeoutMilliseconds: Int32) throws {
        // Read-write open + query_only rather than SQLITE_OPEN_READONLY: a read-only WAL
        // connection cannot recover a -shm left by a killed writer.
        db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try db.exec("PRAGMA query_only = 1")
    }

    // MARK: outbox

    private static let eventColumns = "sequence, id, type, subject, time, body, raw"

    /// Events with sequence > `after`, in sequence order; with `typeGlobs`, only matching types.
    public func events(after: Int64, limit: Int, typeGlobs: [String] = []) throws -> [StoredEvent] {
        guard limit > 0 else { return [] }
        var sql = "SELECT \(Self.eventColumns) FROM events WHERE sequence > ?"
        var values: [SQLiteValue] = [.integer(after)]
        if !typeGlobs.isEmpty, !typeGlobs.contains("*") {
            sql += " AND (" + typeGlobs.map { _ in "type GLOB ?" }.joined(separator: " OR ") + ")"
            values += typeGlobs.map { .text(TypeGlob.sqlGlob($0)) }
        }
        sql += " ORDER BY sequence LIMIT ?"
        values.append(.integer(Int64(limit)))
        return try db.cached(sql).query(values, Self.storedEvent)
    }

    public func event(sequence: Int64) throws -> StoredEvent? {
        try db.cached("SELECT \(Self.eventColumns) FROM events WHERE sequence = ?").query([.integer(sequence)], Self.storedEvent).first
    }

    /// The highest committed sequence, 0 when nothing was ever stored.
    public func latestSequence() throws -> Int64 {
        let row = try db.scalarInt("SELECT max(sequence) FROM events") ?? 0
        let meta = try db.scalarText("SELECT value FROM meta WHERE key = 'last_sequence'").flatMap { Int64($0) } ?? 0
        return max(row, meta)
    }

    /// Events kept. Retention deletes only the lowest sequences and sequences have no gaps,
    /// so the rows are exactly min...max (two index lookups instead of a table scan).
    public func outboxCount() throws -> Int64 {
        guard let first = try db.scalarInt("SELECT min(sequence) FROM events"),
              let last = try db.scalarInt("SELECT max(sequence) FROM events") else { return 0 }
        return last - first + 1
    }

    private static func storedEvent(_ row: SQLiteStatement) throws -> StoredEvent {
        StoredEvent(
            sequence: row.int64(0), id: row.string(1) ?? "", type: row.string(2) ?? "", subject: row.string(3),
            time: Date(milliseconds: row.int64(4)), body: row.blob(5),
            raw: try row.string(6).map { try JSONParser.parse($0) })
    }

    // MARK: current state

    public func presence(contact: String) throws -> JSONValue? {
        try jsonRows("SELECT data FROM presence WHERE contact = ?", [.text(contact)]).first
    }

    public func allPresence() throws -> [JSONValue] {
        try jsonRows("SELECT data FROM presence ORDER BY contact")
    }

    public func activeCalls() throws -> [JSONValue] {
        try jsonRows("SELECT data FROM calls WHERE active = 1 ORDER BY updated_at, connection_id")
    }

    /// Active, or ended within the last day.
    public func call(connectionID: String) throws -> JSONValue? {
        try jsonRows("SELECT data FROM calls WHERE connection_id = ?", [.text(connectionID)]).first
    }

    public func lines() throws -> [JSONValue] {
        try jsonRows("SELECT data FROM lines ORDER BY uri")
    }

    /// Journal entries started at or after `since`, newest first.
    public func journal(since: Date?, limit: Int) throws -> [JSONValue] {
        guard limit > 0 else { return [] }
        if let since {
            return try jsonRows("SELECT data FROM journal WHERE started_at >= ? ORDER BY started_at DESC, connection_id LIMIT ?",
                                [.integer(CloudEventEnvelope.milliseconds(since)), .integer(Int64(limit))])
        }
        return try jsonRows("SELECT data FROM journal ORDER BY started_at DESC, connection_id LIMIT ?", [.integer(Int64(limit))])
    }

    // MARK: delivery bookkeeping

    /// The last sequence `sink` has settled; 0 for a new sink.
    public func sinkCursor(sink: String) throws -> Int64 {
        try db.scalarInt("SELECT cursor FROM sink_cursors WHERE sink = ?", [.text(sink)]) ?? 0
    }

    public func deadLetters(sink: String?) throws -> [DeadLetter] {
        if let sink { return try DeadLetterRow.select(db, where: "sink = ?", [.text(sink)]) }
        return try DeadLetterRow.select(db, where: nil, [])
    }

    /// Everything the normalizer needs after a restart, from one consistent snapshot.
    public func loadState() throws -> StoredState {
        var state = StoredState()
        try db.transaction(immediate: false) {
            for row in try db.cached("SELECT contact, data FROM presence").query([], Self.keyed) { state.presence[row.0] = row.1 }
            for row in try db.cached("SELECT connection_id, data FROM calls WHERE active = 1").query([], Self.keyed) { state.activeCalls[row.0] = row.1 }
            for row in try db.cached("SELECT uri, data FROM lines").query([], Self.keyed) { state.lines[row.0] = row.1 }
            let revisions = try db.cached("SELECT connection_id, transaction_id FROM journal WHERE transaction_id IS NOT NULL").query([]) {
                ($0.string(0) ?? "", $0.int64(1))
            }
            for (id, revision) in revisions { state.journalRevisions[id] = revision }
            state.journalWatermark = try db.scalarText("SELECT value FROM meta WHERE key = 'journal_watermark'").flatMap { Int64($0) } ?? 0
            return .commit
        }
        return state
    }

    // MARK: rows

    private func jsonRows(_ sql: String, _ values: [SQLiteValue] = []) throws -> [JSONValue] {
        try db.cached(sql).query(values) { try JSONParser.parse($0.string(0) ?? "null") }
    }

    private static func keyed(_ row: SQLiteStatement) throws -> (String, JSONValue) {
        (row.string(0) ?? "", try JSONParser.parse(row.string(1) ?? "null"))
    }
}

@available(*, unavailable)
extension StoreReader: Sendable {}
