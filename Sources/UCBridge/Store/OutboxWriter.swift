import Foundation

/// The only writer of the database: one connection on its own thread, fed through a bounded
/// queue of batches. Each turn it takes every batch waiting (up to a cap) and commits them in
/// one transaction (group commit). A commit that fails (disk full, database locked, I/O) is
/// logged, counted and retried with backoff, keeping the batches: meanwhile the queue fills
/// and `submit` blocks, which stops the session reading the socket (back-pressure).
public final class OutboxWriter: @unchecked Sendable {
    enum Item: Sendable {
        case batch(NormalizedBatch)
        case job(WriterJob)
    }

    private let queue: BoundedQueue<Item>
    private let options: StoreOptions
    private let logger: Logger
    private let metrics: Metrics
    private let retention: RetentionConfig

    private let lock = NSCondition()
    private var _lastSequence: Int64 = 0
    private var _outboxCount: Int64 = 0
    private var _health: StoreHealth = .ok
    private var observers: [(Int, @Sendable (Int64) -> Void)] = []
    private var nextObserverID = 0
    private var opened: Result<Void, any Error>?
    private var finished = false
    private var closing = false

    init(path: String, logger: Logger, metrics: Metrics, retention: RetentionConfig, options: StoreOptions) throws {
        queue = BoundedQueue(capacity: options.queueCapacity)
        self.options = options
        self.logger = logger
        self.metrics = metrics
        self.retention = retention
        metrics.describe("ucbridge_store_write_seconds", "histogram", "Duration of one outbox group commit")
        metrics.describe("ucbridge_outbox_events", "gauge", "Events currently kept in the outbox")
        metrics.describe("ucbridge_events_total", "counter", "Events committed to the outbox, by type")
        metrics.describe("ucbridge_store_errors_total", "counter", "Failed store writes, by kind (full, locked, io, readonly, corrupt, other)")
        metrics.describe("ucbridge_store_duplicate_events_total", "counter", "Events skipped because their id was already stored")

        let thread = Thread { [self] in runThread(path: path) }
        thread.name = "ucbridge-store-writer"
        thread.start()
        let result = lock.withLock { () -> Result<Void, any Error> in
            while opened == nil { lock.wait() }
            return opened!
        }
        try result.get()
    }

    // MARK: public interface

    /// Queues a batch for the next group commit; blocks while the queue is full.
    public func submit(_ batch: NormalizedBatch) {
        guard !batch.isEmpty else { return }
        if !queue.push(.batch(batch)) {
            logger.error("store is closed: batch not stored", ["events": String(batch.events.count)])
            metrics.increment("ucbridge_store_errors_total", [("kind", "closed")])
        }
    }

    /// Returns once everything submitted before it is committed.
    public func flush() {
        do { try perform { _ in } } catch { /* closed: nothing more will be committed */ }
    }

    /// `f` runs on the writer thread after each commit that added events, with the new last
    /// sequence. Keep it short: the next commit waits for it.
    @discardableResult
    public func addCommitObserver(_ f: @escaping @Sendable (_ lastSequence: Int64) -> Void) -> Int {
        lock.withLock {
            nextObserverID += 1
            observers.append((nextObserverID, f))
            return nextObserverID
        }
    }

    public func removeCommitObserver(_ id: Int) {
        lock.withLock { observers.removeAll { $0.0 == id } }
    }

    public var lastCommittedSequence: Int64 { lock.withLock { _lastSequence } }

    /// Events in the outbox (kept up to date by the writer, no query).
    public var outboxCount: Int64 { lock.withLock { _outboxCount } }

    /// `.failing(reason)` while commits fail and are being retried.
    public var health: StoreHealth { lock.withLock { _health } }

    /// Batches waiting for the writer.
    public var queuedItems: Int { queue.count }

    public var queueCapacity: Int { queue.capacity }

    /// Runs `work` on the writer connection in its own transaction, after everything queued
    /// before it; blocks the caller until done.
    @discardableResult
    func perform<T>(inTransaction: Bool = true, _ work: @escaping (SQLiteConnection) throws -> T) throws -> T {
        var result: T?
        let job = WriterJob { db in
            guard inTransaction else {
                result = try work(db)
                return
            }
            try db.transaction {
                result = try work(db)
                return .commit
            }
        }
        guard queue.push(.job(job)) else { throw StoreClosedError() }
        try job.wait()
        return result!
    }

    /// Commits what is queued, stops the thread and closes the connection. Idempotent.
    func close() {
        lock.withLock { closing = true }
        queue.close()
        lock.withLock { while !finished { lock.wait() } }
    }

    // MARK: writer thread

    private func runThread(path: String) {
        let db: SQLiteConnection
        let pruner: RetentionPruner
        do {
            db = try SQLiteConnection(path: path, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
            // WAL: readers never block the writer. synchronous=NORMAL: a committed transaction
            // survives a crash or SIGKILL of the process (the WAL is in the OS page cache); only a
            // power loss may drop the last commits, never corrupt the file. That is the fault model
            // of ARCHITECTURE.md §8 and keeps commits free of fsync.
            try db.exec("PRAGMA journal_mode = WAL")
            try db.exec("PRAGMA synchronous = NORMAL")
            try StoreSchema.migrate(db)
            let maxRow = try db.scalarInt("SELECT max(sequence) FROM events") ?? 0
            let minRow = try db.scalarInt("SELECT min(sequence) FROM events") ?? 1
            let stored = try db.scalarText("SELECT value FROM meta WHERE key = 'last_sequence'").flatMap { Int64($0) } ?? 0
            pruner = RetentionPruner(config: retention, interval: options.retentionInterval, chunk: options.retentionChunk, now: options.now)
            lock.withLock {
                _lastSequence = max(maxRow, stored)
                _outboxCount = maxRow >= minRow ? maxRow - minRow + 1 : 0
                opened = .success(())
                lock.broadcast()
            }
            metrics.set("ucbridge_outbox_events", [], Double(outboxCount))
        } catch {
            lock.withLock {
                opened = .failure(error)
                finished = true
                lock.broadcast()
            }
            return
        }
        let batchWriter = OutboxBatchWriter(db: db, now: options.now)
        while true {
            // Wake for the next retention pass even when no batch arrives; right away while one is in progress.
            guard let items = queue.popBatch(max: options.maxBatchesPerCommit, deadline: pruner.inPass ? Date.distantPast : pruner.nextDue) else { break }
            process(items, db: db, batchWriter: batchWriter)
            if pruner.isDue { prune(pruner, db: db) }
        }
        lock.withLock {
            finished = true
            lock.broadcast()
        }
    }

    private func process(_ items: [Item], db: SQLiteConnection, batchWriter: OutboxBatchWriter) {
        var group: [NormalizedBatch] = []
        for item in items {
            switch item {
            case let .batch(batch):
                group.append(batch)
            case let .job(job):
                if !group.isEmpty { commit(group, batchWriter: batchWriter) }
                group.removeAll()
                job.run(db)
            }
        }
        if !group.isEmpty { commit(group, batchWriter: batchWriter) }
    }

    /// Commits `batches`, retrying transient failures until they clear. A batch SQLite rejects
    /// for good (not a disk or lock condition) is isolated and reported, not retried forever.
    private func commit(_ batches: [NormalizedBatch], batchWriter: OutboxBatchWriter) {
        var delay = options.retryInitialSeconds
        var closeDeadline: Date?
        while true {
            do {
                try commitOnce(batches, batchWriter: batchWriter)
                recovered()
                return
            } catch let error as SQLiteError where error.isTransient {
                metrics.increment("ucbridge_store_errors_total", [("kind", error.metricKind)])
                let events = batches.reduce(0) { $0 + $1.events.count }
                logger.error("store write failed, retrying: \(error)", ["events": String(events), "retry_in_s": String(format: "%.2f", delay)])
                setHealth(.failing(error.description))
                retryHookForTesting?(batchWriter.db)
                if lock.withLock({ closing }) {
                    let deadline = closeDeadline ?? Date().addingTimeInterval(options.closeRetrySeconds)
                    closeDeadline = deadline
                    if Date() >= deadline {
                        logger.error("store closing while writes still fail: \(events) events not stored")
                        return
                    }
                }
                // Backoff between retries of a failed write, not synchronization.
                Thread.sleep(forTimeInterval: delay)
                delay = min(delay * 2, options.retryMaxSeconds)
            } catch {
                metrics.increment("ucbridge_store_errors_total", [("kind", (error as? SQLiteError)?.metricKind ?? "other")])
                if batches.count > 1 {
                    for batch in batches { commit([batch], batchWriter: batchWriter) }
                    return
                }
                let ids = batches[0].events.map(\.id).joined(separator: ",")
                logger.error("store rejected a batch, skipping it: \(error)", ["event_ids": ids])
                return
            }
        }
    }

    private func commitOnce(_ batches: [NormalizedBatch], batchWriter: OutboxBatchWriter) throws {
        let start = DispatchTime.now()
        let before = lastCommittedSequence
        var outcome = OutboxBatchWriter.Outcome(lastSequence: before)
        try batchWriter.db.transaction {
            outcome = try batchWriter.write(batches, after: before)
            return .commit
        }
        metrics.observe("ucbridge_store_write_seconds", [], Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        for (type, count) in outcome.inserted { metrics.increment("ucbridge_events_total", [("type", type)], by: Double(count)) }
        if outcome.duplicates > 0 { metrics.increment("ucbridge_store_duplicate_events_total", by: Double(outcome.duplicates)) }
        guard outcome.lastSequence != before else { return }
        let observers = lock.withLock { () -> [(Int, @Sendable (Int64) -> Void)] in
            _lastSequence = outcome.lastSequence
            _outboxCount += Int64(outcome.insertedCount)
            return self.observers
        }
        metrics.set("ucbridge_outbox_events", [], Double(outboxCount))
        for (_, observer) in observers { observer(outcome.lastSequence) }
    }

    private func recovered() {
        if setHealth(.ok) { logger.notice("store writes recovered") }
    }

    /// Returns true when the health changed.
    @discardableResult
    private func setHealth(_ health: StoreHealth) -> Bool {
        let changed = lock.withLock { () -> Bool in
            defer { _health = health }
            return _health != health
        }
        if changed { options.onHealthChange?(health) }
        return changed
    }

    /// Runs on the writer thread before each retry of a failed commit: lets a test clear the
    /// fault it injected (a page limit standing in for a full disk) on the writer's own connection.
    var retryHookForTesting: ((SQLiteConnection) -> Void)? {
        get { lock.withLock { _retryHook } }
        set { lock.withLock { _retryHook = newValue } }
    }
    private var _retryHook: ((SQLiteConnection) -> Void)?

    private func prune(_ pruner: RetentionPruner, db: SQLiteConnection) {
        do {
            let deleted = try pruner.step(db)
            if deleted > 0 { noteDeleted(deleted) }
        } catch {
            metrics.increment("ucbridge_store_errors_total", [("kind", (error as? SQLiteError)?.metricKind ?? "other")])
            logger.warning("retention step failed, will retry on the next pass: \(error)")
        }
    }

    private func noteDeleted(_ deleted: Int) {
        lock.withLock { _outboxCount = max(0, _outboxCount - Int64(deleted)) }
        metrics.set("ucbridge_outbox_events", [], Double(outboxCount))
        logger.debug("retention deleted \(deleted) events")
    }

    /// A whole retention pass now, on the writer thread (tests; an admin command could use it).
    func pruneNow() throws -> Int {
        let deleted = try perform(inTransaction: false) { db -> Int in
            let pruner = RetentionPruner(config: self.retention, interval: 0, chunk: self.options.retentionChunk, now: self.options.now)
            return try pruner.runPass(db)
        }
        if deleted > 0 { noteDeleted(deleted) }
        return deleted
    }
}
