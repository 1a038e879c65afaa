import Foundation
import UCBridge

/// One UCServer session: created by `createsession`, alive while its WebSocket is open.
/// A new session has no subscriptions (PROTOCOL.md 1.5). All members are guarded by the
/// simulator's lock; `send` must be called with that lock held.
final class SimSession: @unchecked Sendable {
    let id: String
    let created = Date()
    var socket: SimSocket?
    var connectedAt: Date?
    var closedAt: Date?
    var closeReason: String?
    private let encoder = WebSocketFrameEncoder(role: .server)

    // Subscriptions.
    var presence: Set<String> = []
    var monitors: [String: String] = [:]        // line URI → u8sMonitorCrossRefID
    var lineListCrossRef: String?               // set when enum-lines asked for change notifications
    var journalSubscribed = false

    // Observation.
    var keepalives: [String: Int] = [:]         // operation name → count
    var receivedMessages = 0
    var sentMessages = 0
    var rejects: [JSONValue] = []
    var responses: [JSONValue] = []
    var lastMessage: JSONValue?
    private var corked: [UInt8]?

    init(id: String) { self.id = id }

    var isConnected: Bool { socket != nil && closedAt == nil }

    /// Sends one ROSE message as a text frame. false when the socket is gone.
    @discardableResult
    func send(_ message: JSONValue) -> Bool {
        sendFrame(WebSocketFrame(opcode: .text, payload: message.jsonBytes))
    }

    @discardableResult
    func sendFrame(_ frame: WebSocketFrame) -> Bool {
        guard let socket, closedAt == nil else { return false }
        if corked != nil {
            // Bursts write many frames per system call, so the benchmark measures the bridge,
            // not the simulator's syscalls.
            corked! += encoder.encode(frame)
            if frame.opcode == .text { sentMessages += 1 }
            return corked!.count < 65536 || uncork()
        }
        guard socket.write(encoder.encode(frame)) else { return false }
        if frame.opcode == .text { sentMessages += 1 }
        return true
    }

    /// Collects frames until `uncork()` (which also runs whenever 64 KiB are pending).
    func cork() { if corked == nil { corked = [] } }

    func stopCorking() { corked = nil }

    /// Writes what `cork()` collected; false when the socket is gone.
    @discardableResult
    func uncork() -> Bool {
        guard let pending = corked else { return true }
        corked = []
        guard !pending.isEmpty, let socket else { return socket != nil }
        return socket.write(pending)
    }

    func sendClose(code: UInt16, reason: String) {
        guard let socket, closedAt == nil else { return }
        socket.write(encoder.encodeClose(code: code, reason: reason))
    }

    var json: JSONValue {
        [
            "session_id": .string(id),
            "connected": .bool(isConnected),
            "created_at": .string(SimTime.format(created)),
            "connected_at": .string(orNull: connectedAt.map { SimTime.format($0) }),
            "closed_at": .string(orNull: closedAt.map { SimTime.format($0) }),
            "close_reason": .string(orNull: closeReason),
            "presence_subscriptions": .array(presence.sorted().map { .string($0) }),
            "monitored_lines": .object(monitors.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
            "line_list_monitor": .string(orNull: lineListCrossRef),
            "journal_subscribed": .bool(journalSubscribed),
            "keepalives": .int(Int64(keepalives.values.reduce(0, +))),
            "keepalives_by_operation": .object(keepalives.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) }),
            "received_messages": .int(Int64(receivedMessages)),
            "sent_messages": .int(Int64(sentMessages)),
            "rejects": .array(rejects),
            "responses": .array(responses),
            "last_message": lastMessage ?? .null,
        ]
    }
}
