import Foundation

/// Work that must run on the writer connection, serialized with ingest (delivery
/// bookkeeping, flush). The submitting thread blocks in `wait()` until it ran, which is
/// what makes handing a non-Sendable closure to the writer thread safe.
final class WriterJob: @unchecked Sendable {
    private let work: (SQLiteConnection) throws -> Void
    private let condition = NSCondition()
    private var finished = false
    private var failure: (any Error)?

    init(_ work: @escaping (SQLiteConnection) throws -> Void) {
        self.work = work
    }

    /// Writer thread only.
    func run(_ db: SQLiteConnection) {
        var error: (any Error)?
        do { try work(db) } catch let e { error = e }
        finish(error)
    }

    func finish(_ error: (any Error)?) {
        condition.withLock {
            failure = error
            finished = true
            condition.broadcast()
        }
    }

    func wait() throws {
        let error = condition.withLock { () -> (any Error)? in
            while !finished { condition.wait() }
            return failure
        }
        if let error { throw error }
    }
}

/// Why a store call did not run.
public struct StoreClosedError: Error, CustomStringConvertible {
    public var description: String { "the store is closed" }
}
