import Foundation

/// The store's part of `/v1/health` and `ucbridge status`: read from the writer's counters,
/// no query, so health stays cheap and answers even while the disk is full.
public struct StoreStatus: Sendable, Equatable {
    public var path: String
    public var health: StoreHealth
    public var lastSequence: Int64
    public var outboxEvents: Int64
    public var queuedBatches: Int
    public var queueCapacity: Int

    public var json: JSONValue {
        var error: JSONValue = .null
        if case let .failing(reason) = health { error = .string(reason) }
        return [
            "ok": .bool(health.isOK),
            "error": error,
            "path": .string(path),
            "last_sequence": .int(lastSequence),
            "outbox_events": .int(outboxEvents),
            "queued_batches": .int(Int64(queuedBatches)),
            "queue_capacity": .int(Int64(queueCapacity)),
        ]
    }
}

extension Store {
    public func status() -> StoreStatus {
        StoreStatus(path: path, health: writer.health, lastSequence: writer.lastCommittedSequence, outboxEvents: writer.outboxCount,
                    queuedBatches: writer.queuedItems, queueCapacity: writer.queueCapacity)
    }
}
