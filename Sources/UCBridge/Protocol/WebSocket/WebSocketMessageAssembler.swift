/// What the application sees of a WebSocket: whole messages and control events.
public enum WebSocketEvent: Equatable, Sendable {
    case text(String)
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    /// The peer's close frame: status code (nil when the frame had no payload) and reason.
    case close(code: UInt16?, reason: String)
}

/// Joins fragmented data frames into messages and validates what RFC 6455 requires of them
/// (continuation order, UTF-8 in text and close reasons, a maximum message size). Pure.
public struct WebSocketMessageAssembler: Sendable {
    public let maxMessageSize: Int
    private var partialOpcode: WebSocketOpcode?
    private var partial: [UInt8] = []

    public init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    public mutating func consume(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketEvent? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close: return try Self.closeEvent(frame.payload)
        case .text, .binary:
            guard partialOpcode == nil else { throw .expectedContinuation }
            guard frame.payload.count <= maxMessageSize else { throw .messageTooLarge(limit: maxMessageSize) }
            if frame.fin { return try Self.message(frame.opcode, frame.payload) }
            partialOpcode = frame.opcode
            partial = frame.payload
            return nil
        case .continuation:
            guard let opcode = partialOpcode else { throw .unexpectedContinuation }
            guard partial.count + frame.payload.count <= maxMessageSize else { throw .messageTooLarge(limit: maxMessageSize) }
            partial.append(contentsOf: frame.payload)
            guard frame.fin else { return nil }
            let payload = partial
            partial = []
            partialOpcode = nil
            return try Self.message(opcode, payload)
        case let .reserved(raw):
            throw .reservedOpcode(raw)
        }
    }

    private static func message(_ opcode: WebSocketOpcode, _ payload: [UInt8]) throws(WebSocketProtocolError) -> WebSocketEvent {
        if opcode == .binary { return .binary(payload) }
        guard let text = String(validating: payload, as: UTF8.self) else { throw .invalidUTF8 }
        return .text(text)
    }

    private static func closeEvent(_ payload: [UInt8]) throws(WebSocketProtocolError) -> WebSocketEvent {
        if payload.isEmpty { return .close(code: nil, reason: "") }
        guard payload.count >= 2 else { throw .invalidClosePayload }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        // Codes a peer may put on the wire (RFC 6455 section 7.4).
        let valid = (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code)
        guard valid else { throw .invalidClosePayload }
        guard let reason = String(validating: payload[2...], as: UTF8.self) else { throw .invalidUTF8 }
        return .close(code: code, reason: reason)
    }
}
