import CCrypto
import Foundation

/// The RFC 6455 section 4 opening handshake, both ends, without I/O: the client builds the
/// upgrade request and checks the answer; the server side computes the accept value.
public enum WebSocketHandshake {
    /// RFC 6455 section 1.3.
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// Longest response head we read before giving up on a misbehaving server.
    public static let maxHeadBytes = 16 * 1024

    /// A fresh `Sec-WebSocket-Key`: 16 random bytes, base64.
    public static func makeKey() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString()
    }

    /// base64(SHA-1(key + GUID)): what a server must answer in `Sec-WebSocket-Accept`.
    public static func acceptValue(forKey key: String) -> String {
        let input = Array((key + guid).utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        _ = input.withUnsafeBufferPointer { src in
            digest.withUnsafeMutableBufferPointer { dst in
                SHA1(src.baseAddress, src.count, dst.baseAddress)
            }
        }
        return Data(digest).base64EncodedString()
    }

    /// The client's upgrade request. `host` is the authority as written in the URL
    /// (`server:7225`), `target` the path with query. No subprotocol, no extensions: the
    /// UCServer speaks plain JSON text frames and we never negotiate compression.
    public static func clientRequest(host: String, target: String, key: String) -> [UInt8] {
        let lines = [
            "GET \(target.isEmpty ? "/" : target) HTTP/1.1",
            "Host: \(host)",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: \(key)",
            "Sec-WebSocket-Version: 13",
            "User-Agent: ucbridge",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// Checks a response head against the key we sent. `body` is whatever followed the head
    /// (only used to explain a refusal).
    public static func verify(response head: HTTPHead, key: String, body: [UInt8] = []) throws(WebSocketHandshakeError) {
        let status = try head.responseStatus()
        guard status == 101 else {
            throw .unexpectedStatus(status, body: String(decoding: body.prefix(512), as: UTF8.self))
        }
        guard head.tokens("Upgrade").contains("websocket") else { throw .missingUpgrade }
        guard head.tokens("Connection").contains("upgrade") else { throw .missingConnectionUpgrade }
        let expected = acceptValue(forKey: key)
        guard head.header("Sec-WebSocket-Accept") == expected else {
            throw .badAccept(received: head.header("Sec-WebSocket-Accept"))
        }
        if let ext = head.header("Sec-WebSocket-Extensions"), !ext.isEmpty { throw .unrequestedExtension(ext) }
        if let proto = head.header("Sec-WebSocket-Protocol"), !proto.isEmpty { throw .unrequestedSubprotocol(proto) }
    }

    /// Server side: checks a client's upgrade request and returns the key it carried.
    public static func clientKey(request head: HTTPHead) throws(WebSocketHandshakeError) -> String {
        guard head.startLine.hasPrefix("GET ") else { throw .malformedHead("upgrade request is not a GET") }
        guard head.tokens("Upgrade").contains("websocket") else { throw .missingUpgrade }
        guard head.tokens("Connection").contains("upgrade") else { throw .missingConnectionUpgrade }
        guard head.header("Sec-WebSocket-Version") == "13" else { throw .malformedHead("Sec-WebSocket-Version is not 13") }
        guard let key = head.header("Sec-WebSocket-Key"), Data(base64Encoded: key)?.count == 16 else {
            throw .malformedHead("Sec-WebSocket-Key is missing or not 16 bytes of base64")
        }
        return key
    }

    /// Server side: the `101 Switching Protocols` answer for a client's key.
    public static func serverResponse(forKey key: String) -> [UInt8] {
        let lines = [
            "HTTP/1.1 101 Switching Protocols",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Accept: \(acceptValue(forKey: key))",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }
}

/// Why an opening handshake failed.
public enum WebSocketHandshakeError: Error, Equatable, Sendable, CustomStringConvertible {
    case headTooLarge(limit: Int)
    case malformedHead(String)
    /// The server answered something other than 101; `body` is the start of its explanation.
    case unexpectedStatus(Int, body: String)
    case missingUpgrade
    case missingConnectionUpgrade
    case badAccept(received: String?)
    case unrequestedExtension(String)
    case unrequestedSubprotocol(String)

    /// A 404 on the upgrade: the caller may retry with the `/ws/client/websocket/?…` form.
    public var isNotFound: Bool {
        if case .unexpectedStatus(404, _) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .headTooLarge(limit): return "the server's HTTP response head exceeds \(limit) bytes; this is not a WebSocket endpoint"
        case let .malformedHead(why): return "the server's HTTP response is malformed (\(why)); check that the URL points at the UCServer web service"
        case let .unexpectedStatus(code, body):
            let detail = body.isEmpty ? "" : ": \(body)"
            return "the server answered the WebSocket upgrade with HTTP \(code) instead of 101\(detail)"
        case .missingUpgrade: return "the server's 101 answer lacks `Upgrade: websocket`; a proxy in between may not support WebSockets"
        case .missingConnectionUpgrade: return "the server's 101 answer lacks `Connection: Upgrade`; a proxy in between may not support WebSockets"
        case let .badAccept(received): return "the server's Sec-WebSocket-Accept (\(received ?? "missing")) does not match our key; a proxy in between may be rewriting the upgrade"
        case let .unrequestedExtension(ext): return "the server enabled the WebSocket extension \(ext), which we did not offer"
        case let .unrequestedSubprotocol(p): return "the server selected the subprotocol \(p), which we did not offer"
        }
    }
}
