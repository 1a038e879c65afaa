import CCrypto
import Foundation

/// The server half of the RFC 6455 opening handshake (section 4.2). Private to the simulator
/// until the shared `WebSocketHandshake` helper exists in the library.
enum SimHandshake {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// base64(SHA-1(key + GUID)).
    static func accept(key: String) -> String {
        let input = Array((key + guid).utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        input.withUnsafeBufferPointer { p in _ = SHA1(p.baseAddress, p.count, &digest) }
        return Data(digest).base64EncodedString()
    }

    /// Why an upgrade request is refused, as (status, text).
    static func validate(_ request: HTTPRequest) -> (Int, String)? {
        guard request.method == "GET" else { return (405, "WebSocket upgrade requires GET") }
        guard request.headerHasToken("Upgrade", "websocket") else { return (426, "missing Upgrade: websocket") }
        guard request.headerHasToken("Connection", "upgrade") else { return (400, "missing Connection: Upgrade") }
        guard request.header("Sec-WebSocket-Version") == "13" else { return (426, "Sec-WebSocket-Version must be 13") }
        guard let key = request.header("Sec-WebSocket-Key"), let raw = Data(base64Encoded: key), raw.count == 16 else {
            return (400, "Sec-WebSocket-Key must be 16 bytes in base64")
        }
        return nil
    }

    static func switchingProtocols(key: String) -> HTTPResponse {
        HTTPResponse(status: 101, headers: [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", accept(key: key))])
    }
}
