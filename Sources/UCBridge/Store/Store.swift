import Foundation

/// The SQLite outbox and current state: one writer (`OutboxWriter`, its own thread and
/// connection) and any number of readers (`makeReader()`, one connection each, WAL).
public final class Store: @unchecked Sendable {
    public let path: String
    public let writer: OutboxWriter
    private let logger: Logger
    private let busyTimeoutMilliseconds: Int32

    public init(path: String, logger: Logger, metrics: Metrics = Metrics(), retention: RetentionConfig = RetentionConfig(),
                options: StoreOptions = StoreOptions()) throws {
        self.path = path
        self.logger = logger
        busyTimeoutMilliseconds = options.busyTimeoutMilliseconds
        try StoreFile.prepare(path: path)
        writer = try OutboxWriter(path: path, logger: logger, metrics: metrics, retention: retention, options: options)
        logger.info("store open", ["path": path, "last_sequence": String(writer.lastCommittedSequence)])
    }

    deinit { writer.close() }

    /// A read-only connection for the calling thread; it never blocks the writer.
    public func makeReader() throws -> StoreReader {
        try StoreReader(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    /// Commits everything submitted, then closes the writer connection. Idempotent.
    public func close() {
        writer.close()
    }

    /// `.failing(reason)` while the writer cannot commit.
    public var health: StoreHealth { writer.health }

    // MARK: delivery bookkeeping, serialized with ingest on the writer thread

    public func saveSinkCursor(sink: String, cursor: Int64) throws {
        try writer.perform { db in
            try db.cached("INSERT OR REPLACE INTO sink_cursors(sink, cursor) VALUES (?, ?)").execute([.text(sink), .integer(cursor)])
        }
    }

    /// Stores `d` (its `id` is ignored) and returns the new dead letter's id.
    public func addDeadLetter(_ d: DeadLetter) throws -> Int64 {
        try writer.perform { db -> Int64 in
            try db.cached("""
                INSERT INTO dead_letters(sink, sequence, event_id, type, subject, attempts, last_status, last_error,
                                         first_attempt_at, dead_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute([
                .text(d.sink), .integer(d.sequence), .text(d.eventID), .text(d.type), .text(orNull: d.subject),
                .integer(Int64(d.attempts)), .integer(orNull: d.lastStatus.map(Int64.init)), .text(d.lastError),
                .integer(CloudEventEnvelope.milliseconds(d.firstAttemptAt)), .integer(CloudEventEnvelope.milliseconds(d.deadAt)),
                .text(d.state),
            ])
            return db.lastInsertRowID
        }
    }

    /// Marks a dead letter for redelivery; nil when the id is unknown. Requeueing one that is
    /// already requeued or taken queues it again.
    public func requeueDeadLetter(id: Int64) throws -> DeadLetter? {
        try writer.perform { db -> DeadLetter? in
            guard try db.cached("UPDATE dead_letters SET state = 'requeued' WHERE id = ?").execute([.integer(id)]) == 1 else { return nil }
            return try DeadLetterRow.select(db, where: "id = ?", [.integer(id)]).first
        }
    }

    /// The requeued dead letters of `sink`, oldest first, marked taken in the same transaction.
    public func takeRequeued(sink: String) throws -> [DeadLetter] {
        try writer.perform { db -> [DeadLetter] in
            let letters = try DeadLetterRow.select(db, where: "sink = ? AND state = 'requeued'", [.text(sink)])
            guard !letters.isEmpty else { return [] }
            try db.cached("UPDATE dead_letters SET state = 'taken' WHERE sink = ? AND state = 'requeued'").execute([.text(sink)])
            return letters.map { var d = $0; d.state = "taken"; return d }
        }
    }

    /// Runs a retention pass now instead of waiting for the next one; returns events deleted.
    @discardableResult
    public func pruneNow() throws -> Int {
        try writer.pruneNow()
    }
}

/// Reading `dead_letters` rows, shared by the writer's bookkeeping and `StoreReader`.
enum DeadLetterRow {
    static let columns = "id, sink, sequence, event_id, type, subject, attempts, last_status, last_error, first_attempt_at, dead_at, state"

    static func select(_ db: SQLiteConnection, where condition: String?, _ values: [SQLiteValue]) throws -> [DeadLetter] {
        let filter = condition.map { " WHERE \($0)" } ?? ""
        return try db.cached("SELECT \(columns) FROM dead_letters\(filter) ORDER BY id").query(values) { row in
            DeadLetter(
                id: row.int64(0), sink: row.string(1) ?? "", sequence: row.int64(2), eventID: row.string(3) ?? "",
                type: row.string(4) ?? "", subject: row.string(5), attempts: Int(row.int64(6)),
                lastStatus: row.optionalInt64(7).map { Int($0) }, lastError: row.string(8) ?? "",
                firstAttemptAt: Date(milliseconds: row.int64(9)), deadAt: Date(milliseconds: row.int64(10)),
                state: row.string(11) ?? "dead")
        }
    }
}

extension Date {
    init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
