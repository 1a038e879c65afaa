import Foundation

/// A few `StoreReader`s shared by the request threads. A reader is used by one thread at a
/// time (checked out under the lock); a busy pool opens another connection rather than wait.
final class StoreReaderPool: @unchecked Sendable {
    private let store: Store
    private let lock = NSLock()
    private var idle: [StoreReader] = []
    private let maxIdle: Int

    init(store: Store, maxIdle: Int = 8) {
        self.store = store
        self.maxIdle = maxIdle
    }

    func withReader<T>(_ body: (StoreReader) throws -> T) throws -> T {
        let reader = try lock.withLock { idle.popLast() } ?? store.makeReader()
        defer {
            lock.withLock { if idle.count < maxIdle { idle.append(reader) } }
        }
        return try body(reader)
    }

    /// Closes the idle connections (on stop).
    func drain() {
        lock.withLock { idle.removeAll() }
    }
}
