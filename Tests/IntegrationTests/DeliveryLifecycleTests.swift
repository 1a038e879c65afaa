import Foundation
import Testing
@testable import UCBridge

/// Stop, restart and reload of webhook delivery, against real receivers.
@Suite(.serialized) struct DeliveryLifecycleTests {
    @Test func stopAbortsInFlightRequestsAndARestartSendsThemAgain() throws {
        let fx = try DeliveryFixture()
        let hanging = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--hang-first", "1000000"])
        let first = fx.service([fx.sink("crm", hanging) { $0.timeoutSeconds = 300 }])
        first.start()
        fx.commit([(.callStarted, "c1"), (.callUpdated, "c1"), (.callEnded, "c1")])
        #expect(hanging.waitForRequests { $0.count == 1 })

        let stopping = Date()
        first.stop()
        // The daemon must exit within 5 s of SIGTERM; delivery must not be what holds it.
        #expect(Date().timeIntervalSince(stopping) < 5)
        #expect(try fx.store.makeReader().sinkCursor(sink: "crm") == 0)

        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        let second = fx.service([fx.sink("crm", receiver)])
        second.start()
        defer { second.stop() }
        #expect(receiver.waitForRequests { $0.filter(\.delivered).count == 3 })
        #expect(receiver.requests.map(\.sequence) == [1, 2, 3])
        #expect(try fx.eventually { try fx.store.makeReader().sinkCursor(sink: "crm") == 3 })
    }

    @Test func goneDisablesTheSinkUntilAReload() throws {
        let fx = try DeliveryFixture()
        let gone = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--gone"])
        let witness = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        let sinks = [fx.sink("gone", gone) { $0.maxInFlight = 1 }, fx.sink("witness", witness)]
        let service = fx.service(sinks)
        service.start()
        defer { service.stop() }
        fx.commit([(.callStarted, "c1"), (.callStarted, "c2")])
        #expect(fx.eventually { service.status().first?.disabledReason != nil })
        #expect(fx.eventually { fx.value(SinkMetrics.failed, sink: "gone", [("class", "4xx")]) == 1 })

        fx.commit([(.callStarted, "c3")])
        // The witness sink saw the new event: the disabled one was woken too and sent nothing.
        #expect(witness.waitForRequests { $0.count == 3 })
        #expect(gone.requests.count == 1)
        #expect(service.status().first?.cursor == 0)

        service.reload(sinks: sinks)
        #expect(gone.waitForRequests { $0.count == 2 })
        #expect(gone.requests.map(\.sequence) == [1, 1])
    }

    @Test func reloadStartsNewSinksAtTheEndAndKeepsTheCursorOfChangedOnes() throws {
        let fx = try DeliveryFixture()
        let a = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        let service = fx.service([fx.sink("a", a)])
        service.start()
        defer { service.stop() }
        fx.commit((0..<5).map { (.presenceChanged, "p\($0)") })
        #expect(a.waitForRequests { $0.count == 5 })
        #expect(try fx.eventually { try fx.store.makeReader().sinkCursor(sink: "a") == 5 })

        let b = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        service.reload(sinks: [fx.sink("a", a), fx.sink("b", b)])
        fx.commit([(.presenceChanged, "p1"), (.presenceChanged, "p2")])
        #expect(b.waitForRequests { $0.count == 2 })
        #expect(a.waitForRequests { $0.count == 7 })
        #expect(b.requests.map(\.sequence).sorted() == [6, 7])

        // A changed sink (new URL) restarts from its own cursor: nothing old, nothing lost.
        let a2 = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        #expect(try fx.eventually { try fx.store.makeReader().sinkCursor(sink: "a") == 7 })
        service.reload(sinks: [fx.sink("a", a2), fx.sink("b", b)])
        fx.commit([(.presenceChanged, "p3")])
        #expect(a2.waitForRequests { $0.count == 1 })
        #expect(a2.requests.map(\.sequence) == [8])
        #expect(b.waitForRequests { $0.count == 3 })

        // A removed sink stops receiving.
        service.reload(sinks: [fx.sink("b", b)])
        fx.commit([(.presenceChanged, "p4")])
        #expect(b.waitForRequests { $0.count == 4 })
        #expect(a2.requests.count == 1)
        #expect(service.status().map(\.name) == ["b"])
    }
}

/// HTTPS receivers: verification on by default, `tls.ca_file` and `tls.verify` per sink.
@Suite(.serialized) struct DeliveryTLSTests {
    /// A self-signed certificate for 127.0.0.1, made with the openssl command line.
    static func makeCertificate(in directory: String) throws -> (cert: String, key: String) {
        let cert = directory + "/cert.pem", key = directory + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw WebhookReceiver.ReceiverError.didNotStart }
        return (cert, key)
    }

    @Test func verifiesTheReceiverCertificateUnlessToldOtherwise() throws {
        let fx = try DeliveryFixture()
        let (cert, key) = try Self.makeCertificate(in: fx.directory)
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--tls-cert", cert, "--tls-key", key])
        let https = "https://127.0.0.1:\(receiver.port)/hook"
        let service = fx.service([
            fx.sink("untrusted", receiver) { $0.url = https; $0.retry.initialSeconds = 30; $0.retry.maxSeconds = 30 },
            fx.sink("trusted", receiver) { $0.url = https; $0.tls.caFile = cert },
            fx.sink("unverified", receiver) { $0.url = https; $0.tls.verify = false },
        ])
        service.start()
        defer { service.stop() }
        fx.commit([(.callStarted, "c1")])

        #expect(receiver.waitForRequests { $0.filter(\.delivered).count == 2 })
        #expect(fx.eventually { fx.value(SinkMetrics.failed, sink: "untrusted", [("class", "connect")]) == 1 })
        #expect(receiver.requests.count == 2)
        #expect(receiver.requests.allSatisfy { $0.verified == [true] })
        #expect(service.status().first { $0.name == "untrusted" }?.cursor == 0)
    }
}
