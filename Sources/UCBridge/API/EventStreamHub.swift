import Foundation

/// Shared by all Server-Sent-Event streams: one commit observer on the writer wakes every
/// waiting stream; it also bounds how many streams may be open and ends them on stop.
final class EventStreamHub: @unchecked Sendable {
    enum Wake { case committed(Int64), heartbeat, stopped }

    let limit: Int
    let heartbeatInterval: TimeInterval
    private let condition = NSCondition()
    private var latest: Int64 = 0
    private var openCount = 0
    private var stopped = false
    private let metrics: Metrics

    init(limit: Int = 64, heartbeatInterval: TimeInterval = 15, metrics: Metrics) {
        self.limit = limit
        self.heartbeatInterval = heartbeatInterval
        self.metrics = metrics
        metrics.describe("ucbridge_api_event_streams", "gauge", "Server-Sent-Event streams open on the query API")
        metrics.set("ucbridge_api_event_streams", [], 0)
    }

    /// Called by the writer after each commit; cheap (the writer waits for it).
    func committed(_ sequence: Int64) {
        condition.lock()
        if sequence > latest { latest = sequence }
        condition.broadcast()
        condition.unlock()
    }

    var latestCommitted: Int64 {
        condition.lock()
        defer { condition.unlock() }
        return latest
    }

    /// A new stream, or nil when `limit` streams are open (the caller answers 503).
    func open(reader: StoreReader, after: Int64, typeGlobs: [String]) -> EventStream? {
        let count: Int? = condition.withLock {
            guard !stopped, openCount < limit else { return nil }
            openCount += 1
            return openCount
        }
        guard let count else { return nil }
        metrics.set("ucbridge_api_event_streams", [], Double(count))
        return EventStream(hub: self, reader: reader, after: after, typeGlobs: typeGlobs)
    }

    func closed() {
        let count = condition.withLock {
            openCount -= 1
            return openCount
        }
        metrics.set("ucbridge_api_event_streams", [], Double(count))
    }

    /// Blocks until a commit beyond `sequence`, the heartbeat interval, or stop.
    func wait(beyond sequence: Int64) -> Wake {
        let deadline = Date(timeIntervalSinceNow: heartbeatInterval)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopped { return .stopped }
            if latest > sequence { return .committed(latest) }
            if !condition.wait(until: deadline) { return stopped ? .stopped : (latest > sequence ? .committed(latest) : .heartbeat) }
        }
    }

    var isStopped: Bool { condition.withLock { stopped } }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
