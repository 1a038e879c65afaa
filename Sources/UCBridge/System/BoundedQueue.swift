import Foundation

/// A FIFO with a fixed capacity shared between threads. `push` blocks while the queue is full:
/// that is the back-pressure between stages (the session stops reading the socket when the
/// store cannot keep up). `close()` wakes every waiter; after it, `push` returns false and
/// `pop` drains what is left, then returns nil.
public final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    public let capacity: Int
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var closed = false

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    public var count: Int { condition.withLock { items.count - head } }

    /// Blocks while full; false when the queue was closed.
    @discardableResult
    public func push(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed, items.count - head >= capacity { condition.wait() }
        guard !closed else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// Blocks until at least one element is available, then takes up to `max` of them.
    /// Returns nil once closed and empty. With a `deadline`, returns [] when it passes.
    public func popBatch(max: Int, deadline: Date? = nil) -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head == 0 {
            if closed { return nil }
            if let deadline {
                if !condition.wait(until: deadline) { return [] }
            } else {
                condition.wait()
            }
        }
        let n = min(max, items.count - head)
        let batch = Array(items[head..<(head + n)])
        head += n
        if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        } else if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return batch
    }

    public func pop() -> Element? { popBatch(max: 1)?.first }

    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
