import Testing
@testable import UCBridge

@Suite struct WebSocketHandshakeTests {
    let key = "dGhlIHNhbXBsZSBub25jZQ=="

    func head(_ text: String) throws -> HTTPHead {
        try #require(try HTTPHead.parse(Array(text.utf8))).head
    }

    @Test func computesTheRFCAcceptValue() {
        #expect(WebSocketHandshake.acceptValue(forKey: key) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func buildsAPlainUpgradeRequest() throws {
        let request = String(decoding: WebSocketHandshake.clientRequest(host: "ucs:7224", target: "/ws/client/websocket?x-ucsessionid=A", key: key), as: UTF8.self)
        #expect(request.hasPrefix("GET /ws/client/websocket?x-ucsessionid=A HTTP/1.1\r\n"))
        #expect(request.hasSuffix("\r\n\r\n"))
        let parsed = try head(request)
        #expect(parsed.header("host") == "ucs:7224")
        #expect(try WebSocketHandshake.clientKey(request: parsed) == key)
        #expect(parsed.header("Sec-WebSocket-Protocol") == nil)
        #expect(parsed.header("Sec-WebSocket-Extensions") == nil)
        #expect(WebSocketHandshake.makeKey() != WebSocketHandshake.makeKey())
    }

    @Test func acceptsAValidAnswerWithCaseInsensitiveHeaders() throws {
        let answer = try head("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nCONNECTION: keep-alive, Upgrade\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        try WebSocketHandshake.verify(response: answer, key: key)
        let server = try head(String(decoding: WebSocketHandshake.serverResponse(forKey: key), as: UTF8.self))
        try WebSocketHandshake.verify(response: server, key: key)
    }

    @Test func rejectsAWrongAccept() throws {
        let answer = try head("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n")
        #expect(throws: WebSocketHandshakeError.badAccept(received: "AAAA")) { try WebSocketHandshake.verify(response: answer, key: key) }
        let missing = try head("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        #expect(throws: WebSocketHandshakeError.badAccept(received: nil)) { try WebSocketHandshake.verify(response: missing, key: key) }
        let noUpgrade = try head("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n")
        #expect(throws: WebSocketHandshakeError.missingUpgrade) { try WebSocketHandshake.verify(response: noUpgrade, key: key) }
    }

    @Test func reportsA404SoTheCallerCanRetry() throws {
        let text = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot here!"
        let (parsed, length) = try #require(try HTTPHead.parse(Array(text.utf8)))
        let body = Array(text.utf8)[length...]
        #expect {
            try WebSocketHandshake.verify(response: parsed, key: key, body: Array(body))
        } throws: { error in
            guard let e = error as? WebSocketHandshakeError else { return false }
            return e == .unexpectedStatus(404, body: "not here!") && e.isNotFound
        }
    }

    @Test func boundsTheHeadSizeAndWaitsForMore() throws {
        #expect(try HTTPHead.parse(Array("HTTP/1.1 101 OK\r\nUpgrade: web".utf8)) == nil)
        let huge = Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 20000)).utf8)
        #expect(throws: WebSocketHandshakeError.headTooLarge(limit: 16384)) { try HTTPHead.parse(huge) }
        let hugeComplete = huge + Array("\r\n\r\n".utf8)
        #expect(throws: WebSocketHandshakeError.headTooLarge(limit: 16384)) { try HTTPHead.parse(hugeComplete) }
    }

    @Test func rejectsMalformedHeads() throws {
        #expect(throws: WebSocketHandshakeError.self) { try HTTPHead.parse(Array("HTTP/1.1 101 OK\r\nno colon here\r\n\r\n".utf8)) }
        let notHTTP = try head("SSH-2.0-OpenSSH\r\n\r\n")
        #expect(throws: WebSocketHandshakeError.self) { try notHTTP.responseStatus() }
    }

    @Test func splitsWebSocketURLs() throws {
        let u = try WebSocketURL("wss://user:pw@ucs.example:7225/ws/client/websocket?x-ucsessionid=A#frag")
        #expect(u.secure && u.authority == "ucs.example:7225" && u.target == "/ws/client/websocket?x-ucsessionid=A")
        #expect(u.httpURL == "https://ucs.example:7225/ws/client/websocket?x-ucsessionid=A")
        #expect(try WebSocketURL("ws://[::1]:80?x=1").target == "/?x=1")
        #expect(try WebSocketURL("ws://h").target == "/")
        #expect(throws: WebSocketURLError.unsupportedScheme("ftp")) { try WebSocketURL("ftp://h/") }
    }
}
