import Foundation
import Testing
import UCBridge

/// The whole chain: simulator → daemon → outbox → webhook receiver (verifying signatures).
@Suite(.serialized) struct DaemonDeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    static func webhookYAML(_ receiver: WebhookReceiver, name: String = "crm", maxInFlight: Int = 2) -> String {
        """
        webhooks:
          - name: \(name)
            url: \(receiver.url)
            secret: "\(secret)"
            max_in_flight: \(maxInFlight)
            retry: { initial_seconds: 0.2, max_seconds: 1 }
        """
    }

    @Test func sigkillDuringDeliveryLosesNoEventAfterRestart() throws {
        let receiver = try WebhookReceiver(["--secret", Self.secret, "--delay-max", "0.05"])
        let h = try BridgeHarness(configExtra: Self.webhookYAML(receiver))
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        for i in 0..<30 {
            try h.control("/sim/presence", #"{"contact": "sip:lena.vogt@example.com", "state": \#(i % 2 == 0 ? 2 : 1), "note": "k\#(i)"}"#)
        }
        #expect(receiver.waitForRequests(timeout: 30) { $0.filter(\.delivered).count >= 5 })
        daemon.signal(SIGKILL)
        _ = daemon.waitForExit(timeout: 5)

        _ = try h.startDaemon()
        #expect(h.waitForConnected())
        let committed = try h.allEvents().compactMap { $0["id"]?.stringValue }
        #expect(committed.count >= 30)
        let delivered = receiver.waitForRequests(timeout: 60) { requests in
            Set(requests.filter(\.delivered).map(\.id)).isSuperset(of: committed)
        }
        #expect(delivered, "missing: \(Set(committed).subtracting(receiver.delivered.map(\.id)).count) of \(committed.count)")
        #expect(receiver.requests.allSatisfy { $0.verified == [true] })
        // Per subject, first deliveries arrive in sequence order.
        var firstSeen: [String: [Int64]] = [:]
        var seenIDs = Set<String>()
        for r in receiver.delivered where seenIDs.insert(r.id).inserted {
            firstSeen[r.subject ?? "", default: []].append(r.sequence)
        }
        for (subject, sequences) in firstSeen {
            #expect(sequences == sequences.sorted(), "out of order for \(subject)")
        }
    }

    @Test func sighupAddsASinkWithoutTouchingTheSession() throws {
        let receiver = try WebhookReceiver(["--secret", Self.secret])
        let h = try BridgeHarness()
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        let config = try String(contentsOfFile: h.configPath, encoding: .utf8) + "\n" + Self.webhookYAML(receiver, name: "late") + "\n"
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(daemon.waitForLine { $0.contains("reloaded: 1 webhook sink") } != nil, "\(daemon.output.suffix(10))")
        try h.control("/sim/presence", #"{"contact": "sip:max.huber@example.com", "state": 4, "note": "after reload"}"#)
        #expect(receiver.waitForRequests(timeout: 30) { $0.contains { $0.delivered && $0.type == "ucbridge.presence.changed" } })
        // Still the first session: no reconnect happened.
        #expect(!daemon.output.contains { $0.contains("retrying in") })
        let (_, sinks) = try h.api("/v1/sinks")
        #expect(sinks.jsonText.contains("\"late\""))
        #expect(!sinks.jsonText.contains(Self.secret))
    }

    @Test func checkConfigMasksSecretsAndNamesErrors() throws {
        let receiver = try WebhookReceiver(["--secret", Self.secret])
        let h = try BridgeHarness(configExtra: Self.webhookYAML(receiver))
        let ok = try runCommand(Repo.ucbridge, ["check-config", "--config", h.configPath])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(!ok.output.contains(Self.secret))
        #expect(!ok.output.contains("password: \"demo\""))
        let bad = h.dir.path("bad.yaml")
        try "server:\n  url: http://x\n  usernme: demo\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try runCommand(Repo.ucbridge, ["check-config", "--config", bad])
        #expect(failed.status == 1)
        #expect(failed.output.contains("\(bad):3:3: unknown key \"usernme\""), "\(failed.output)")
        let missing = try runCommand(Repo.ucbridge, ["run", "--config", h.dir.path("nope.yaml")])
        #expect(missing.status == 1)
        #expect(missing.output.contains("no such file"), "\(missing.output)")
    }

    @Test func socketActivatedDaemonServesOnThePassedSocket() throws {
        let h = try BridgeHarness()
        let activated = h.dir.path("activated.sock")
        let launcher = try LiveProcess("/usr/bin/systemd-socket-activate", ["-l", activated, Repo.ucbridge, "run", "--config", h.configPath])
        defer { launcher.terminate() }
        #expect(launcher.waitForLine { $0.contains("Listening on") } != nil, "\(launcher.output)")
        let (_, output) = try runCommand("/usr/bin/curl", ["-s", "--max-time", "10", "--unix-socket", activated, "http://localhost/v1/health"])
        #expect(output.contains("\"status\""), "\(output) \(launcher.output.suffix(10))")
        // The configured path was not created: the socket came from systemd.
        #expect(!FileManager.default.fileExists(atPath: h.socketPath))
    }

    @Test func systemdUnitIsHardened() throws {
        let unit = Repo.root + "/systemd/ucbridge.service"
        let result = try runCommand("/usr/bin/systemd-analyze", ["security", "--offline=yes", "--threshold=30", unit])
        #expect(result.status == 0, "\(result.output.suffix(500))")
        let line = result.output.components(separatedBy: "\n").first { $0.contains("Overall exposure level") } ?? ""
        let score = Double(line.components(separatedBy: "level for ucbridge.service: ").last?.components(separatedBy: " ").first ?? "") ?? 99
        #expect(score <= 2.0, "\(line)")
    }

    @Test func sigtermWithHangingReceiverExitsWithinFiveSeconds() throws {
        let receiver = try WebhookReceiver(["--secret", Self.secret, "--hang-first", "1000"])
        let h = try BridgeHarness(configExtra: Self.webhookYAML(receiver))
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        try h.control("/sim/presence", #"{"contact": "sip:max.huber@example.com", "state": 2, "note": "stuck"}"#)
        #expect(receiver.waitForRequests(timeout: 30) { !$0.isEmpty })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0, "\(daemon.output.suffix(10))")
        // Nothing was acknowledged, so nothing counts as delivered: the cursor stayed put.
        let (_, cursor) = try runCommand("/usr/bin/sqlite3", [h.databasePath, "select coalesce(max(cursor), 0) from sink_cursors"])
        #expect(cursor.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(cursor)")
    }
}
