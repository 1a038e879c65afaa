/// Why a WebSocket connection could not be opened or was lost. Descriptions never contain the
/// session id (URLs are redacted by `CurlError`).
public enum WebSocketConnectionError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(WebSocketURLError)
    /// TCP/TLS connection through libcurl failed.
    case connectFailed(CurlError)
    /// The HTTP upgrade was refused or answered wrongly.
    case handshakeFailed(WebSocketHandshakeError)
    /// A phase (`connecting`, `the upgrade answer`, `sending`) did not finish in time.
    case timeout(String)
    /// The stream broke or ended without a close handshake.
    case connectionLost(String)
    /// The server broke RFC 6455; we sent it a close with `error.closeCode`.
    case protocolViolation(WebSocketProtocolError)
    /// The connection is not open (never connected, closed, or lost before).
    case notOpen
    case system(SystemCallError)

    /// 404 on the upgrade: retry with the `/ws/client/websocket/?…` form (PROTOCOL.md §1.4).
    public var isNotFound: Bool {
        if case let .handshakeFailed(e) = self { return e.isNotFound }
        return false
    }

    public var description: String {
        switch self {
        case let .invalidURL(e): return e.description
        case let .connectFailed(e): return "cannot connect the WebSocket: \(e)"
        case let .handshakeFailed(e): return "WebSocket upgrade failed: \(e)"
        case let .timeout(phase): return "WebSocket timed out while \(phase)"
        case let .connectionLost(why): return "WebSocket connection lost: \(why)"
        case let .protocolViolation(e): return "the server violated the WebSocket protocol (\(e)); closed with code \(e.closeCode)"
        case .notOpen: return "the WebSocket is not open"
        case let .system(e): return "WebSocket I/O: \(e)"
        }
    }
}
