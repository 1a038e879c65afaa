import Foundation
import Testing
@testable import UCBridge

/// Our client against an independent server (Python `websockets`), over real sockets.
@Suite struct WebSocketInteropTests {
    let maxMessage = 4 * 1024 * 1024

    private func connected(_ peer: InteropPeer) throws -> WebSocketConnection {
        let ws = try WebSocketConnection()
        try ws.connect(url: "ws://127.0.0.1:\(peer.port)/ws/client/websocket?x-ucsessionid=abc", timeout: 10, maxMessageBytes: maxMessage)
        return ws
    }

    /// Waits for the next message, skipping nil (timeouts/wakeups) until the deadline.
    private func nextEvent(_ ws: WebSocketConnection, within seconds: Double = 20) throws -> WebSocketEvent? {
        let deadline = Deadline(seconds: seconds)
        while !deadline.expired {
            if let e = try ws.receive(timeout: deadline.remainingSeconds) { return e }
        }
        return nil
    }

    @Test(arguments: [0, 1, 125, 126, 65535, 65536, 1024 * 1024])
    func echoesTextOfEverySizeClass(size: Int) throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        // Multi-byte characters at the edges make a misframed length show up as broken UTF-8.
        var text = String(repeating: "x", count: max(0, size - 4))
        if size >= 4 { text = "é" + text + "ü" }
        else { text = String(repeating: "y", count: size) }
        #expect(text.utf8.count == size)
        try ws.send(text: text)
        #expect(try nextEvent(ws) == .text(text))
        ws.close(code: 1000, reason: "bye")
        #expect(ws.state == .closed)
        #expect(try peer.readLine(timeout: 10) == "CLOSED 1000 bye")
    }

    @Test func answersServerPingWithMatchingPong() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        try ws.send(text: "__ping__")
        #expect(try nextEvent(ws) == .ping(Array("are-you-there".utf8)))
        #expect(try nextEvent(ws) == .text("pong-received"))
        #expect(ws.pingsAnswered == 1)
        ws.close()
    }

    @Test func ourPingGetsThePeersPong() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        try ws.sendPing(Array("life?".utf8))
        #expect(try nextEvent(ws) == .pong(Array("life?".utf8)))
        ws.close()
    }

    @Test func serverInitiatedCloseDeliversCodeAndReason() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        try ws.send(text: "__close__ 4001 session ended by server")
        #expect(try nextEvent(ws) == .close(code: 4001, reason: "session ended by server"))
        #expect(ws.state == .closed)
        #expect(throws: WebSocketConnectionError.notOpen) { try ws.send(text: "late") }
    }

    @Test func closeFrameFollowedByTCPEndStillReachesUs() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        // A final text message, a close 1001 "bye", then the server drops the connection.
        try ws.send(text: "__rawdrop__ 81026869 880503e9627965")
        #expect(try nextEvent(ws) == .text("hi"))
        #expect(try nextEvent(ws) == .close(code: 1001, reason: "bye"))
        #expect(ws.state == .closed)
    }

    @Test func droppedTCPWithoutCloseIsConnectionLost() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        try ws.send(text: "__rawdrop__ 81026869")
        #expect(try nextEvent(ws) == .text("hi"))
        #expect {
            _ = try nextEvent(ws)
        } throws: { error in
            guard case .connectionLost = error as? WebSocketConnectionError else { return false }
            return true
        }
        #expect(ws.state == .closed)
    }

    @Test func textQueuedFromAnotherThreadIsSentByAWaitingReceive() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        let other = Thread { ws.enqueue(text: "from another thread") }
        other.start()
        #expect(try nextEvent(ws) == .text("from another thread"))
        ws.close()
    }

    @Test func wakeEndsAWaitingReceiveEarly() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        Thread { ws.wake() }.start()
        // Without the wakeup this would wait the full hour.
        #expect(try ws.receive(timeout: 3600) == nil)
        ws.close()
    }

    @Test func malformedFrameFromServerIsATypedProtocolViolation() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try connected(peer)
        // A text frame with RSV1 set and no extension negotiated.
        try ws.send(text: "__raw__ c1026869")
        #expect(throws: WebSocketConnectionError.protocolViolation(.reservedBitsSet)) { _ = try nextEvent(ws) }
        #expect(ws.state == .closed)
        #expect(try peer.readLine(timeout: 10).hasPrefix("CLOSED 1002 frame has RSV bits set"))
    }

    @Test func oversizedMessageIsRejectedWithTheLimit() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try WebSocketConnection()
        try ws.connect(url: "ws://127.0.0.1:\(peer.port)/", timeout: 10, maxMessageBytes: 1000)
        try ws.send(text: String(repeating: "z", count: 1001))
        #expect(throws: WebSocketConnectionError.protocolViolation(.frameTooLarge(1001, limit: 1000))) { _ = try nextEvent(ws) }
        #expect(try peer.readLine(timeout: 10).hasPrefix("CLOSED 1009 "))
    }

    @Test func notFoundUpgradeIsRecognisableForTheRetry() throws {
        let peer = try InteropPeer(script: "ws_echo_server.py")
        let ws = try WebSocketConnection()
        #expect {
            try ws.connect(url: "ws://127.0.0.1:\(peer.port)/missing?x-ucsessionid=abc", timeout: 10, maxMessageBytes: 1000)
        } throws: { error in
            guard let e = error as? WebSocketConnectionError, e.isNotFound else { return false }
            return e.description.contains("HTTP 404") && e.description.contains("no such path")
        }
        #expect(ws.state != .open)
    }

    @Test func refusedConnectionIsAConnectError() throws {
        // Port 1 on loopback: nothing listens there in a test environment.
        let ws = try WebSocketConnection()
        #expect {
            try ws.connect(url: "ws://127.0.0.1:1/ws/client/websocket?x-ucsessionid=SECRET", timeout: 5, maxMessageBytes: 1000)
        } throws: { error in
            guard case let .connectFailed(curl) = error as? WebSocketConnectionError else { return false }
            return !curl.description.contains("SECRET")
        }
    }
}
