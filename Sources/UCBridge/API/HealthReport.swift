import Foundation

/// `GET /v1/health`: ok when the session is connected and the store works; down when a
/// person must act (login rejected, store failing); degraded for everything in between
/// (connecting, retrying after a transient error, a sink disabled or failing).
struct HealthReport {
    enum Status: String { case ok, degraded, down }

    var session: SessionState
    var storeError: String?
    var outboxEvents: Int64
    var lastSequence: Int64
    var sinks: [SinkStatus]

    var status: Status {
        if session.lastErrorIsPermanent && !session.isConnected { return .down }
        if storeError != nil { return .down }
        if !session.isConnected { return .degraded }
        let sinkTrouble = sinks.contains { $0.disabledReason != nil || $0.lastError != nil }
        return sinkTrouble ? .degraded : .ok
    }

    var json: JSONValue {
        [
            "status": .string(status.rawValue),
            "session": [
                "connected": .bool(session.isConnected),
                "state": .string(session.phase.rawValue),
                "since": .string(RFC3339.format(session.since)),
                "server": .string(session.server),
                "user": .string(session.user),
                "contacts": .int(Int64(session.contacts)),
                "lines": .int(Int64(session.lines)),
                "last_error": .string(orNull: session.lastError),
                "retry_in_s": session.retryInSeconds.map { .double($0) } ?? .null,
                "reconnects": .int(Int64(session.reconnects)),
            ],
            "store": [
                "ok": .bool(storeError == nil),
                "error": .string(orNull: storeError),
                "outbox_events": .int(outboxEvents),
                "last_sequence": .int(lastSequence),
            ],
            "sinks": .array(sinks.map(\.apiJSON)),
        ]
    }
}

extension APIEndpoints {
    func health() -> APIResponse {
        var storeError: String?
        if case let .failing(reason) = context.store.health { storeError = reason }
        var lastSequence = context.store.writer.lastCommittedSequence
        do {
            // A read proves more than the writer's memory: the file is still there and readable.
            lastSequence = max(lastSequence, try readers.withReader { try $0.latestSequence() })
        } catch {
            storeError = storeError ?? "the store cannot be read: \(error)"
        }
        let report = HealthReport(session: context.session.current, storeError: storeError,
                                  outboxEvents: context.store.writer.outboxCount, lastSequence: lastSequence, sinks: context.sinks())
        return .json(report.json, status: report.status == .ok ? 200 : 503)
    }
}
