import Foundation

/// One `GET /v1/events/stream` response body: replays the outbox after the client's position,
/// then follows new commits, as Server-Sent Events (`id:` = the plain sequence number, so
/// `Last-Event-ID` resumes without gaps or repeats). Driven by MHD's content reader on the
/// connection's own thread: `read` blocks until there is something to send.
public final class EventStream: @unchecked Sendable {
    static let pageSize = 200

    private let hub: EventStreamHub
    private let reader: StoreReader
    private let typeGlobs: [String]
    /// Every event up to here was sent or did not match the filter.
    private var cursor: Int64
    private var pending: [UInt8]
    private var pendingOffset = 0
    private var closed = false

    init(hub: EventStreamHub, reader: StoreReader, after: Int64, typeGlobs: [String]) {
        self.hub = hub
        self.reader = reader
        self.typeGlobs = typeGlobs
        cursor = after
        // Sent at once, so the client sees the headers before the first event.
        pending = Array("retry: 2000\n: ucbridge events after \(after)\n\n".utf8)
    }

    /// Fills `buffer`; returns the byte count, or nil at the end of the stream (shutdown or a
    /// store error). Blocks while there is nothing new.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        while pendingOffset >= pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingOffset = 0
            guard fill() else { return nil }
        }
        let n = min(buffer.count, pending.count - pendingOffset)
        pending.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + pendingOffset, byteCount: n)
        }
        pendingOffset += n
        return n
    }

    /// Puts the next events or a heartbeat into `pending`; false ends the stream.
    private func fill() -> Bool {
        if hub.isStopped { return false }
        let target = hub.latestCommitted
        if target > cursor {
            let events: [StoredEvent]
            do {
                events = try reader.events(after: cursor, limit: Self.pageSize, typeGlobs: typeGlobs)
            } catch {
                return false
            }
            for event in events { append(event) }
            let last = events.last?.sequence ?? cursor
            // A short page means nothing else up to `target` (read before the query) matches.
            cursor = events.count < Self.pageSize ? max(last, target) : last
            if !events.isEmpty { return true }
        }
        switch hub.wait(beyond: cursor) {
        case .stopped: return false
        case .committed: return true
        case .heartbeat:
            pending += Array(": heartbeat\n\n".utf8)
            return true
        }
    }

    private func append(_ event: StoredEvent) {
        pending += Array("id: \(event.sequence)\nevent: \(event.type)\ndata: ".utf8)
        pending += event.body
        pending += [0x0A, 0x0A]
    }

    /// MHD is done with this response (client gone or server stopping).
    func finish() {
        guard !closed else { return }
        closed = true
        hub.closed()
    }
}
