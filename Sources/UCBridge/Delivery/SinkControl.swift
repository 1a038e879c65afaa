import Foundation

/// What other threads share with one sink's dispatcher thread: wake-ups, the stop request,
/// commit times, and the status snapshot. One short lock; never held across I/O.
final class SinkControl: @unchecked Sendable {
    struct Signals {
        var stop = false
        var requeue = false
        var head: Int64 = 0
        var commits: [(sequence: Int64, at: Date)] = []
    }

    let multi: CurlMulti
    private let lock = NSLock()
    private var pending = Signals()
    private var snapshot: SinkStatus
    private var finished = false
    private let done = NSCondition()
    /// Bounds the commit marks kept while a dispatcher is not reading (disabled, far behind).
    private static let maxCommitMarks = 10_000

    init(multi: CurlMulti, status: SinkStatus) {
        self.multi = multi
        snapshot = status
    }

    /// Called by the store's commit observer (writer thread): new events up to `sequence`.
    func committed(through sequence: Int64, at date: Date) {
        lock.withLock {
            pending.head = max(pending.head, sequence)
            if pending.commits.count >= Self.maxCommitMarks { pending.commits.removeFirst(Self.maxCommitMarks / 2) }
            pending.commits.append((sequence, date))
        }
        multi.wakeup()
    }

    func requestRequeue() {
        lock.withLock { pending.requeue = true }
        multi.wakeup()
    }

    func requestStop() {
        lock.withLock { pending.stop = true }
        multi.wakeup()
    }

    /// Takes what arrived since the last call (the stop request stays set).
    func take() -> Signals {
        lock.withLock {
            let s = pending
            pending.requeue = false
            pending.commits.removeAll(keepingCapacity: true)
            return s
        }
    }

    var status: SinkStatus {
        get { lock.withLock { snapshot } }
        set { lock.withLock { snapshot = newValue } }
    }

    func markFinished() {
        done.withLock {
            finished = true
            done.broadcast()
        }
    }

    /// Waits for the dispatcher thread to end; false when `deadline` passed first.
    func waitFinished(until deadline: Date) -> Bool {
        done.withLock {
            while !finished { if !done.wait(until: deadline) { return finished } }
            return true
        }
    }
}
