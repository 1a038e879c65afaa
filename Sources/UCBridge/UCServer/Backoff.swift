import Foundation

/// Exponential backoff with jitter between `initial` and `max` seconds. The delay doubles per
/// failed attempt and is drawn from [delay/2, delay] so that many bridges restarted together
/// do not reconnect in lockstep.
public struct Backoff: Sendable {
    public let initial: Double
    public let max: Double
    public private(set) var attempt = 0

    public init(initial: Double, max: Double) {
        self.initial = Swift.max(0.05, initial)
        self.max = Swift.max(self.initial, max)
    }

    /// The delay before the next attempt; advances the attempt counter.
    public mutating func nextDelay() -> Double {
        let exponent = Double(Swift.min(attempt, 30))
        attempt += 1
        let ceiling = Swift.min(max, initial * pow(2, exponent))
        return Double.random(in: (ceiling / 2)...ceiling)
    }

    public mutating func reset() { attempt = 0 }
}

/// A stop flag that sleeping threads can wait on: `wait(seconds:)` returns early on `stop()`.
public final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    public init() {}

    public var isStopped: Bool { condition.withLock { stopped } }

    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits up to `seconds`; true when stopped meanwhile.
    @discardableResult
    public func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopped, Date() < deadline { _ = condition.wait(until: deadline) }
        return stopped
    }
}
