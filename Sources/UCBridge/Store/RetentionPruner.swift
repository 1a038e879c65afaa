import Foundation

/// Deletes what retention no longer keeps, a small chunk per step so that ingest never
/// waits long: the writer runs one step between group commits.
///
/// Only a prefix of the outbox (lowest sequences) is ever deleted, so the rows stay a
/// gap-free range and the outbox size is `max - min + 1`. Age is judged on the event time,
/// stopping at the first young event: an old-dated event that arrived late (journal catch-up)
/// is not deleted before the events committed ahead of it.
final class RetentionPruner {
    static let endedCallLifetime: TimeInterval = 86_400

    private let config: RetentionConfig
    private let interval: TimeInterval
    private let chunk: Int
    private let now: @Sendable () -> Date
    private(set) var nextDue: Date
    /// True between the first step of a pass and the step that found nothing more to delete.
    private(set) var inPass = false

    init(config: RetentionConfig, interval: TimeInterval, chunk: Int, now: @escaping @Sendable () -> Date) {
        self.config = config
        self.interval = interval
        self.chunk = max(1, chunk)
        self.now = now
        nextDue = now()
    }

    var isDue: Bool { inPass || now() >= nextDue }

    /// One bounded step in its own transaction; returns the number of events deleted.
    func step(_ db: SQLiteConnection) throws -> Int {
        var deleted = 0
        var more = false
        try db.transaction {
            if !inPass {
                // Once per pass: ended calls are kept a day for `GET /v1/calls/{id}`.
                let cutoff = CloudEventEnvelope.milliseconds(now().addingTimeInterval(-Self.endedCallLifetime))
                try db.cached("DELETE FROM calls WHERE active = 0 AND updated_at < ?").execute([.integer(cutoff)])
            }
            guard let first = try db.scalarInt("SELECT min(sequence) FROM events"),
                  let last = try db.scalarInt("SELECT max(sequence) FROM events")
            else { return .commit }
            var boundary = first  // delete sequence < boundary
            if config.maxEvents > 0 {
                let excess = (last - first + 1) - Int64(config.maxEvents)
                if excess > 0 { boundary = first + min(excess, Int64(chunk)) }
            }
            if config.maxAgeDays > 0, boundary - first < Int64(chunk) {
                let cutoff = CloudEventEnvelope.milliseconds(now().addingTimeInterval(-Double(config.maxAgeDays) * 86_400))
                let firstYoung = try db.scalarInt(
                    "SELECT min(sequence) FROM (SELECT sequence, time FROM events ORDER BY sequence LIMIT ?) WHERE time >= ?",
                    [.integer(Int64(chunk)), .integer(cutoff)])
                boundary = max(boundary, firstYoung ?? min(first + Int64(chunk), last + 1))
            }
            if boundary > first {
                deleted = try db.cached("DELETE FROM events WHERE sequence < ?").execute([.integer(boundary)])
                more = deleted >= chunk
            }
            return .commit
        }
        inPass = more
        if !more { nextDue = now().addingTimeInterval(interval) }
        return deleted
    }

    /// Runs steps until the pass is complete (tests, and `Store.pruneNow`).
    func runPass(_ db: SQLiteConnection) throws -> Int {
        var total = try step(db)
        while inPass { total += try step(db) }
        return total
    }
}
