import Testing
@testable import UCBridge

/// wss:// through libcurl's TLS against Python `websockets` with a self-signed certificate.
@Suite struct WebSocketTLSTests {
    static let interop = InteropPeer.repoRoot.appendingPathComponent("Tests/interop")
    static let cert = interop.appendingPathComponent("test-only-localhost.pem").path
    static let key = interop.appendingPathComponent("test-only-localhost.key").path

    func tlsPeer() throws -> InteropPeer {
        try InteropPeer(script: "ws_echo_server.py", arguments: ["--tls", Self.cert, Self.key])
    }

    @Test func echoesLargeMessagesOverTLSWithTheConfiguredCA() throws {
        let peer = try tlsPeer()
        let ws = try WebSocketConnection()
        try ws.connect(url: "wss://127.0.0.1:\(peer.port)/ws/client/websocket?x-ucsessionid=s", tls: TLSConfig(caFile: Self.cert), timeout: 10, maxMessageBytes: 4 << 20)
        // Several records' worth in one message, then small ones back to back: TLS holds
        // decrypted bytes that poll() does not report.
        let big = String(repeating: "0123456789abcdef", count: 65536)
        try ws.send(text: big)
        for i in 0..<5 { try ws.send(text: "m\(i)") }
        var got: [WebSocketEvent] = []
        let deadline = Deadline(seconds: 20)
        while got.count < 6, !deadline.expired {
            if let e = try ws.receive(timeout: deadline.remainingSeconds) { got.append(e) }
        }
        #expect(got == [.text(big)] + (0..<5).map { .text("m\($0)") })
        ws.close()
        #expect(try peer.readLine(timeout: 10) == "CLOSED 1000 ")
    }

    @Test func refusesAnUntrustedCertificateUnlessVerificationIsOff() throws {
        let peer = try tlsPeer()
        let ws = try WebSocketConnection()
        let url = "wss://127.0.0.1:\(peer.port)/"
        #expect {
            try ws.connect(url: url, tls: TLSConfig(), timeout: 10, maxMessageBytes: 1000)
        } throws: { error in
            guard case .connectFailed = error as? WebSocketConnectionError else { return false }
            return true
        }
        try ws.connect(url: url, tls: TLSConfig(verify: false), timeout: 10, maxMessageBytes: 1000)
        try ws.send(text: "insecure but working")
        var event: WebSocketEvent?
        let deadline = Deadline(seconds: 10)
        while event == nil, !deadline.expired { event = try ws.receive(timeout: deadline.remainingSeconds) }
        #expect(event == .text("insecure but working"))
        ws.close()
    }
}
