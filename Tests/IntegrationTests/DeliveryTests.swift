import Foundation
import Testing
@testable import UCBridge

/// Delivery against real receivers: the Python `standardwebhooks` package verifies every request.
@Suite(.serialized) struct DeliveryTests {
    @Test func deliversSignedCloudEventsThatAStandardWebhooksReceiverVerifies() throws {
        let fx = try DeliveryFixture()
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        let service = fx.service([fx.sink("crm", receiver) { $0.headers = [("X-Test", "custom-value")] }])
        service.start()
        defer { service.stop() }
        fx.commit((0..<20).map { (.callUpdated, "call-\($0 % 3)") })

        #expect(receiver.waitForRequests { $0.filter(\.delivered).count == 20 })
        let got = receiver.requests
        #expect(got.count == 20)
        #expect(got.allSatisfy { $0.verified == [true] && $0.signatures == 1 })
        #expect(got.allSatisfy { $0.contentType == "application/cloudevents+json; charset=utf-8" })
        #expect(got.allSatisfy { $0.userAgent == "ucbridge/test" && $0.custom == "custom-value" })
        #expect(Set(got.map(\.sequence)) == Set(1...20))
        #expect(try fx.eventually { try fx.store.makeReader().sinkCursor(sink: "crm") == 20 })
        // Counters and status are published in batches after the cursor is saved.
        #expect(fx.eventually { fx.value(SinkMetrics.delivered, sink: "crm") == 20 })
        #expect(fx.eventually { service.status().first?.cursor == 20 })
    }

    @Test func keepsPerSubjectOrderUnderParallelLoad() throws {
        let fx = try DeliveryFixture()
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--delay-max", "0.004"])
        let service = fx.service([fx.sink("load", receiver) { $0.maxInFlight = 8 }])
        service.start()
        defer { service.stop() }
        for chunk in 0..<20 {
            fx.commit((0..<100).map { n in (.presenceChanged, "contact-\((chunk * 100 + n) % 50)") })
        }

        #expect(receiver.waitForRequests(timeout: 120) { $0.count >= 2000 })
        let got = receiver.requests
        #expect(got.count == 2000)
        #expect(Set(got.map(\.sequence)).count == 2000)
        #expect(got.allSatisfy { $0.verified == [true] })
        for (subject, requests) in Dictionary(grouping: got, by: { $0.subject ?? "" }) {
            let sequences = requests.map(\.sequence)
            #expect(sequences == sequences.sorted(), "subject \(subject) out of order")
        }
        // Different subjects really went in parallel: some request overtook an older one.
        #expect(got.map(\.sequence) != got.map(\.sequence).sorted())
        // Keep-alive: 2000 requests over at most max_in_flight connections.
        #expect(Set(got.map(\.connection)).count <= 8)
    }

    @Test func retriesServerErrorsAndStillDeliversInOrder() throws {
        let fx = try DeliveryFixture()
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--fail-first", "25", "--fail-status", "500"])
        let service = fx.service([fx.sink("retry", receiver) { $0.maxInFlight = 4 }])
        service.start()
        defer { service.stop() }
        fx.commit((0..<40).map { (.callUpdated, "call-\($0 % 4)") })

        #expect(receiver.waitForRequests { $0.filter(\.delivered).count >= 40 })
        let delivered = receiver.delivered
        #expect(Set(delivered.map(\.sequence)) == Set(1...40))
        for (_, requests) in Dictionary(grouping: receiver.requests, by: { $0.subject ?? "" }) {
            // Every attempt of a subject (failed or not) follows sequence order: nothing later was
            // sent while an earlier one was waiting for its retry.
            let sequences = requests.map(\.sequence)
            #expect(sequences == sequences.sorted())
        }
        #expect(fx.eventually { fx.value(SinkMetrics.failed, sink: "retry", [("class", "5xx")]) == 25 })
        #expect(try fx.eventually { try fx.store.makeReader().sinkCursor(sink: "retry") == 40 })
    }

    @Test func honoursRetryAfter() throws {
        let fx = try DeliveryFixture()
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--fail-first", "1", "--fail-status", "503",
                                            "--retry-after", "1"])
        let service = fx.service([fx.sink("ra", receiver) { $0.retry.initialSeconds = 0.01; $0.retry.maxSeconds = 0.01 }])
        service.start()
        defer { service.stop() }
        fx.commit([(.callStarted, "call-1")])

        #expect(receiver.waitForRequests { $0.filter(\.delivered).count == 1 })
        let got = receiver.requests
        #expect(got.map(\.status) == [503, 204])
        // The receiver's own clock: the retry did not come before the second it asked for.
        #expect(got[1].time - got[0].time >= 0.95)
    }

    @Test func redirectsAreFailuresAndAreNotFollowed() throws {
        let fx = try DeliveryFixture()
        let elsewhere = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--fail-first", "1", "--fail-status", "307",
                                            "--location", elsewhere.url])
        let service = fx.service([fx.sink("moved", receiver)])
        service.start()
        defer { service.stop() }
        fx.commit([(.callStarted, "call-1")])

        #expect(receiver.waitForRequests { $0.filter(\.delivered).count == 1 })
        #expect(receiver.requests.map(\.status) == [307, 204])
        #expect(elsewhere.requests.isEmpty)
        #expect(fx.eventually { fx.value(SinkMetrics.failed, sink: "moved", [("class", "3xx")]) == 1 })
    }

    @Test func aHangingReceiverTimesOutAndTheEventIsRetried() throws {
        let fx = try DeliveryFixture()
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--hang-first", "1"])
        let service = fx.service([fx.sink("slow", receiver) { $0.timeoutSeconds = 0.5 }])
        service.start()
        defer { service.stop() }
        fx.commit([(.callStarted, "call-1")])

        #expect(receiver.waitForRequests { $0.filter(\.delivered).count == 1 })
        #expect(receiver.requests.count == 2)
        #expect(fx.eventually { fx.value(SinkMetrics.failed, sink: "slow", [("class", "timeout")]) == 1 })
        #expect(fx.eventually { service.status().first?.lastError == nil && service.status().first?.failedAttempts == 1 })
    }

    @Test func aFailingSinkDoesNotDelayAnother() throws {
        let fx = try DeliveryFixture()
        let good = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        let stuck = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--hang-first", "1000000"])
        let service = fx.service([
            fx.sink("stuck", stuck) { $0.timeoutSeconds = 300; $0.maxInFlight = 2 },
            fx.sink("good", good),
        ])
        service.start()
        defer { service.stop() }
        for _ in 0..<5 { fx.commit((0..<40).map { (.callUpdated, "call-\($0)") }) }

        #expect(good.waitForRequests { $0.filter(\.delivered).count == 200 })
        #expect(stuck.delivered.isEmpty)
        #expect(fx.eventually { service.status().first { $0.name == "good" }?.cursor == 200 })
        let stuckStatus = service.status().first { $0.name == "stuck" }
        #expect(stuckStatus?.cursor == 0)
        #expect(stuckStatus?.inFlight == 2)
        #expect(fx.eventually { fx.value(SinkMetrics.inFlight, sink: "stuck") == 2 })
        #expect(fx.eventually { fx.value(SinkMetrics.lag, sink: "stuck") > 0 })
    }

    @Test func deadLettersAfterMaxAttemptsThenRedelivers() throws {
        let fx = try DeliveryFixture()
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--fail-always"])
        let service = fx.service([fx.sink("dl", receiver) { $0.retry.maxAttempts = 2; $0.retry.initialSeconds = 0.01; $0.retry.maxSeconds = 0.02 }])
        service.start()
        defer { service.stop() }
        fx.commit([(.callStarted, "call-1"), (.callUpdated, "call-1"), (.callEnded, "call-1")])

        // All three of one subject: a dead-lettered event lets the next of its subject go on.
        #expect(receiver.waitForRequests { $0.count == 6 })
        #expect(receiver.requests.map(\.sequence) == [1, 1, 2, 2, 3, 3])
        #expect(try fx.eventually { try fx.store.makeReader().deadLetters(sink: "dl").count == 3 })
        #expect(try fx.eventually { try fx.store.makeReader().sinkCursor(sink: "dl") == 3 })
        #expect(fx.eventually { fx.value(SinkMetrics.deadLettered, sink: "dl") == 3 })
        #expect(service.status().first?.deadLettered == 3)

        receiver.send("mode ok")
        let letters = try fx.store.makeReader().deadLetters(sink: "dl")
        let second = try #require(letters.first { $0.sequence == 2 })
        #expect(try service.redeliver(id: second.id)?.sequence == 2)
        #expect(receiver.waitForRequests { $0.filter(\.delivered).map(\.sequence) == [2] })
        #expect(try service.redeliver(id: 999_999) == nil)
        #expect(receiver.requests.allSatisfy { $0.verified == [true] })
    }

    @Test func deliversOnlyMatchingTypesSignedWithEveryRotatingSecret() throws {
        let fx = try DeliveryFixture()
        let receiver = try WebhookReceiver(["--secret", DeliveryFixture.secret, "--secret", DeliveryFixture.secondSecret])
        let service = fx.service([fx.sink("calls", receiver, secrets: [DeliveryFixture.secret, DeliveryFixture.secondSecret]) {
            $0.events = ["ucbridge.call.*", "ucbridge.session.connected"]
        }])
        service.start()
        defer { service.stop() }
        fx.commit([(.presenceChanged, "alice"), (.callStarted, "c1"), (.presenceChanged, "bob"), (.callEnded, "c1"),
                   (.sessionDisconnected, nil), (.sessionConnected, nil), (.journalEntry, "j1")])

        // Cursor at 7 means everything was either delivered or skipped by the filter.
        #expect(fx.eventually { service.status().first?.cursor == 7 })
        let got = receiver.requests
        #expect(got.map(\.type).sorted() == ["ucbridge.call.ended", "ucbridge.call.started", "ucbridge.session.connected"])
        #expect(got.allSatisfy { $0.verified == [true, true] && $0.signatures == 2 })
    }

    @Test func includesTheRawArgumentOnlyForSinksThatAskForIt() throws {
        let fx = try DeliveryFixture()
        let plain = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        let raw = try WebhookReceiver(["--secret", DeliveryFixture.secret])
        let service = fx.service([fx.sink("plain", plain), fx.sink("raw", raw) { $0.includeRaw = true }])
        service.start()
        defer { service.stop() }
        fx.commit([(.callStarted, "c1")], raw: ["asnCallID": "x"])

        #expect(raw.waitForRequests { $0.filter(\.delivered).count == 1 })
        #expect(plain.waitForRequests { $0.filter(\.delivered).count == 1 })
        #expect(raw.requests.first?.hasRaw == true && raw.requests.first?.verified == [true])
        #expect(plain.requests.first?.hasRaw == false)
    }
}
