import Foundation
import Testing
import UCBridge

/// `ucbridge run` against `ucbridge-sim`, both as child processes.
@Suite(.serialized) struct DaemonSessionTests {
    @Test func sessionComesUpReportsReadyAndServesHealth() throws {
        let h = try BridgeHarness()
        let daemon = try h.startDaemon()
        let ready = h.notify?.waitFor("READY=1", timeout: 20)
        #expect(ready != nil, "no READY=1; output: \(daemon.output.suffix(20))")
        #expect(h.waitForConnected(), "never connected: \(daemon.output.suffix(30))")
        let status = h.notify?.waitFor("STATUS=connected to", timeout: 10)
        #expect(status?.contains("3 contacts") == true, "\(status ?? "no STATUS")")
        let (code, health) = try h.api("/v1/health")
        #expect(code == 200, "\(health.jsonText)")
        #expect(health["status"] == "ok")
        // What the client sent: names with every invoke, no permission pop-ups, offline journal kept.
        let log = try h.control("/sim/log?limit=200").jsonText
        #expect(log.contains("asnGetAndSubscribePresenceV2"))
        #expect(log.contains(#""bDontRequestPermissions":true"#))
        #expect(!log.contains(#""iMarkRead":1"#))
    }

    @Test func readyDoesNotWaitForAnUnreachableServer() throws {
        let h = try BridgeHarness()
        // Point the daemon at a port nobody listens on.
        let text = try String(contentsOfFile: h.configPath, encoding: .utf8)
            .replacingOccurrences(of: "http://127.0.0.1:\(h.simPort)", with: "http://127.0.0.1:9")
        try text.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        let daemon = try h.startDaemon()
        #expect(h.notify?.waitFor("READY=1", timeout: 20) != nil, "\(daemon.output.suffix(20))")
        #expect(daemon.waitForLine { $0.contains("retrying in") } != nil)
        let (code, health) = try h.api("/v1/health")
        #expect(code == 503)
        #expect(health["session"]?["connected"] == false)
    }

    @Test func droppedSocketReconnectsAndResubscribes() throws {
        let h = try BridgeHarness()
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        try h.control("/sim/fault/drop", "{}")
        #expect(daemon.waitForLine { $0.contains("retrying in") } != nil, "\(daemon.output.suffix(20))")
        #expect(h.waitForConnected(count: 2), "no second connect: \(daemon.output.suffix(30))")
        let sessions = try h.control("/sim/sessions")
        #expect(sessions.jsonText.contains("sip:max.huber@example.com"), "resubscribed presence: \(sessions.jsonText.prefix(400))")
    }

    @Test func wrongPasswordIsAClearErrorWithBackoffNotACrash() throws {
        let h = try BridgeHarness(password: "wrong")
        let daemon = try h.startDaemon()
        let line = daemon.waitForLine { $0.contains("User Authentication failed") }
        #expect(line != nil, "\(daemon.output.suffix(20))")
        #expect(line?.contains("wrong") == false, "the password must never be logged")
        // Backoff, not a tight loop: by the third failure ucbridge has tried only three times.
        var failures = 0
        #expect(daemon.waitForLine { line in
            if line.contains("retrying in") { failures += 1 }
            return failures >= 3
        } != nil)
        #expect(daemon.isRunning)
        let (code, health) = try h.api("/v1/health")
        #expect(code == 503)
        #expect(health["status"] == "down", "\(health.jsonText)")
        #expect(health.jsonText.contains("User Authentication failed"))
        let attempts = try h.control("/sim/log?limit=1000").jsonText.components(separatedBy: "createsession").count - 1
        #expect(attempts <= 4, "\(attempts) createsession attempts")
    }

    @Test func sigtermStopsWithExitZeroAndUnsubscribes() throws {
        let h = try BridgeHarness()
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        daemon.signal(SIGTERM)
        #expect(h.notify?.waitFor("STOPPING=1", timeout: 5) != nil)
        #expect(daemon.waitForExit(timeout: 5) == 0, "\(daemon.output.suffix(20))")
        let log = try h.control("/sim/log?limit=500").jsonText
        #expect(log.contains("asnUnsubscribePresence"), "no clean unsubscribe")
    }

    @Test func unknownServerInvokeGetsARejectAndMalformedFramesDoNotWedgeTheSession() throws {
        let h = try BridgeHarness()
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        let answer = try h.control("/sim/fault/invoke", #"{"operation_id": 4711, "operation_name": "asnFutureThing", "wait_seconds": 5}"#)
        #expect(answer.jsonText.contains("unrecognisedOperation") || answer.jsonText.contains(#""invokeProblem":1"#), "\(answer.jsonText)")
        for kind in ["not_json", "truncated_json", "bad_envelope", "binary"] {
            try h.control("/sim/fault/malformed", #"{"kind": "\#(kind)"}"#)
        }
        // Still alive and still processing: a presence change after the garbage arrives as an event.
        let follow = try h.followEvents()
        try h.control("/sim/presence", #"{"contact": "sip:lena.vogt@example.com", "state": 3, "note": "after garbage"}"#)
        #expect(follow.waitForLine { $0.contains("after garbage") } != nil, "\(daemon.output.suffix(20))")
        let (_, metrics) = try h.api("/metrics")
        #expect(metrics.stringValue?.contains("ucbridge_rose_malformed_total") == true)
    }

    @Test func invalidUTF8FrameClosesTheConnectionAndTheSessionRecovers() throws {
        let h = try BridgeHarness()
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        try h.control("/sim/fault/malformed", #"{"kind": "invalid_utf8"}"#)
        #expect(daemon.waitForLine { $0.contains("UTF-8") && $0.contains("retrying in") } != nil, "\(daemon.output.suffix(10))")
        #expect(h.waitForConnected(count: 2), "\(daemon.output.suffix(20))")
        let (_, metrics) = try h.api("/metrics")
        #expect(metrics.stringValue?.contains("ucbridge_websocket_errors_total 1") == true)
    }
}
