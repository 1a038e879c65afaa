import Foundation

/// What the query API reads from: the store (through its own readers, never the writer's
/// connection), the session status, metrics, and the delivery service's view of the sinks.
public struct APIContext: Sendable {
    public var store: Store
    public var session: SessionStatus
    public var metrics: Metrics
    public var sinks: @Sendable () -> [SinkStatus]
    /// Queues a dead letter again; nil = unknown id.
    public var redeliver: @Sendable (Int64) throws -> DeadLetter?

    public init(store: Store, session: SessionStatus, metrics: Metrics,
                sinks: @escaping @Sendable () -> [SinkStatus] = { [] },
                redeliver: @escaping @Sendable (Int64) throws -> DeadLetter?) {
        self.store = store
        self.session = session
        self.metrics = metrics
        self.sinks = sinks
        self.redeliver = redeliver
    }
}
