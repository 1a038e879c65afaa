import Foundation

/// Normalizer in front of the outbox writer: decoded protocol input in, canonical events and
/// their state changes committed together out. The in-memory `BridgeState` mirrors the state
/// tables, so merging a partial update costs no database read.
public final class IngestPipeline: IngestSink, @unchecked Sendable {
    private let lock = NSLock()
    private var state: BridgeState
    private let normalizer: Normalizer
    private let writer: OutboxWriter
    private var resynced = 0

    public init(store: Store, context: EventContext) throws {
        state = BridgeState(stored: try store.makeReader().loadState())
        normalizer = Normalizer(context: context)
        writer = store.writer
    }

    public func ingest(_ input: IngestInput) {
        // Submitting under the lock keeps the outbox in the order the normalizer saw the inputs;
        // a full writer queue blocks here, and through here the socket reader.
        lock.lock()
        defer { lock.unlock() }
        let batch = normalizer.apply(input, to: &state)
        guard !batch.isEmpty else { return }
        resynced += batch.events.count { $0.data["resynced"] == true }
        writer.submit(batch)
    }

    public var journalWatermark: Int64 { lock.withLock { state.journalWatermark } }

    public var resyncedEventCount: Int { lock.withLock { resynced } }
}
