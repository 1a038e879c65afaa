import Foundation
import Testing
import UCBridge

@Suite("APIEndpoints")
struct APIEndpointTests {
    @Test func healthIsOKWhenConnectedAndStoreWorks() throws {
        let f = try APIFixture()
        Sample.fill(f)
        f.connected()
        let r = f.curl("/v1/health")
        #expect(r.status == 200)
        #expect(r.headers["content-type"] == "application/json")
        let json = try #require(r.json)
        #expect(json["status"] == "ok")
        #expect(json["session"]?["connected"] == true)
        #expect(json["session"]?["server"] == "ucserver.example.com")
        #expect(json["session"]?["since"]?.stringValue.flatMap(RFC3339.parse) != nil)
        #expect(json["store"]?["ok"] == true)
        #expect(json["store"]?["outbox_events"] == 5)
        #expect(json["store"]?["last_sequence"] == 5)
        #expect(json["sinks"] == [])
    }

    @Test func healthIsDownAfterRejectedLoginAndDegradedWhileRetrying() throws {
        let f = try APIFixture()
        f.session.update {
            $0.phase = .retrying
            $0.lastError = "logon rejected: wrong password"
            $0.lastErrorIsPermanent = true
        }
        let down = f.curl("/v1/health")
        #expect(down.status == 503)
        #expect(down.json?["status"] == "down")
        #expect(down.json?["session"]?["last_error"] == "logon rejected: wrong password")
        f.session.update {
            $0.lastError = "connection refused"
            $0.lastErrorIsPermanent = false
        }
        let degraded = f.curl("/v1/health")
        #expect(degraded.status == 503)
        #expect(degraded.json?["status"] == "degraded")
    }

    @Test func healthIsDegradedWhileASinkIsDisabled() throws {
        let f = try APIFixture()
        f.connected()
        f.sinkJSON.value = [SinkStatus(name: "crm", url: "https://crm.example.com/hook", disabledReason: "410 Gone")]
        let r = f.curl("/v1/health")
        #expect(r.status == 503)
        #expect(r.json?["status"] == "degraded")
        #expect(r.json?["sinks"]?.arrayValue?.first?["name"] == "crm")
    }

    @Test func presenceListsContactsAndFindsOneByEncodedID() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let all = f.curl("/v1/presence")
        #expect(all.status == 200)
        let contacts = try #require(all.json?["presence"]?.arrayValue)
        #expect(contacts.map { $0["contact"] } == ["sip:alice@example.com", "sip:bob@example.com"])
        let one = f.curl("/v1/presence/sip%3Aalice%40example.com")
        #expect(one.status == 200)
        #expect(one.json?["state"] == "available")
        #expect(one.json?["display_name"] == "Alice")
        let unknown = f.curl("/v1/presence/sip%3Anobody%40example.com")
        #expect(unknown.status == 404)
        #expect(unknown.json?["error"]?["code"] == "not_found")
        #expect(unknown.json?["error"]?["message"]?.stringValue?.contains("sip:nobody@example.com") == true)
    }

    @Test func callsListActiveOnesAndFindOne() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let all = f.curl("/v1/calls")
        #expect(all.status == 200)
        #expect(all.json?["calls"]?.arrayValue?.map { $0["connection_id"] } == ["C0FFEE01"])
        let one = f.curl("/v1/calls/C0FFEE01")
        #expect(one.json?["remote"]?["number"] == "+4930555")
        #expect(f.curl("/v1/calls/NOPE").status == 404)
    }

    @Test func journalIsNewestFirstAndFilteredBySince() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let all = f.curl("/v1/journal")
        #expect(all.json?["journal"]?.arrayValue?.map { $0["connection_id"] } == ["J2", "J1"])
        let recent = f.curl("/v1/journal?since=2026-12-02T00:00:00Z")
        #expect(recent.json?["journal"]?.arrayValue?.map { $0["connection_id"] } == ["J2"])
        let offset = f.curl("/v1/journal?since=2026-12-02T01:00:00%2B01:00&limit=1")
        #expect(offset.json?["journal"]?.arrayValue?.count == 1)
        let limited = f.curl("/v1/journal?limit=1")
        #expect(limited.json?["journal"]?.arrayValue?.map { $0["connection_id"] } == ["J2"])
    }

    @Test func badParametersAreNamed() throws {
        let f = try APIFixture()
        let limit = f.curl("/v1/journal?limit=0")
        #expect(limit.status == 400)
        #expect(limit.body == #"{"error":{"code":"bad_request","message":"limit: expected an integer 1..1000"}}"# + "\n")
        let since = f.curl("/v1/journal?since=yesterday")
        #expect(since.status == 400)
        #expect(since.json?["error"]?["message"]?.stringValue?.hasPrefix("since:") == true)
        #expect(f.curl("/v1/events?after=-3").json?["error"]?["message"]?.stringValue?.hasPrefix("after:") == true)
        #expect(f.curl("/v1/events?limit=5000").status == 400)
        #expect(f.curl("/v1/events?type=%27;DROP").status == 400)
    }

    @Test func unknownPathsAre404AndWrongMethods405WithAllow() throws {
        let f = try APIFixture()
        let missing = f.curl("/v2/whatever")
        #expect(missing.status == 404)
        #expect(missing.json?["error"]?["code"] == "not_found")
        let post = f.curl("/v1/presence", method: "POST")
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET")
        #expect(post.json?["error"]?["code"] == "method_not_allowed")
        let get = f.curl("/v1/dead-letters/1/redeliver")
        #expect(get.status == 405)
        #expect(get.headers["allow"] == "POST")
    }

    @Test func eventsFeedIsCloudEventsInSequenceOrder() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let r = f.curl("/v1/events")
        #expect(r.status == 200)
        let events = try #require(r.json?["events"]?.arrayValue)
        #expect(events.count == 5)
        let sequences = events.compactMap { $0["sequence"]?.stringValue }
        #expect(sequences == (1...5).map { String(repeating: "0", count: 19) + String($0) })
        #expect(sequences == sequences.sorted())
        for e in events {
            #expect(e["specversion"] == "1.0")
            #expect(e["source"] == .string(Sample.source))
            #expect(e["datacontenttype"] == "application/json")
            #expect(e["id"]?.stringValue?.isEmpty == false)
        }
        #expect(r.json?["next_after"] == 5)

        let page = f.curl("/v1/events?after=00000000000000000002&limit=2")
        #expect(page.json?["events"]?.arrayValue?.map { $0["sequence"] } == ["00000000000000000003", "00000000000000000004"])
        #expect(page.json?["next_after"] == 4)

        let calls = f.curl("/v1/events?type=ucbridge.call.*")
        #expect(calls.json?["events"]?.arrayValue?.map { $0["type"] } == ["ucbridge.call.started"])
        #expect(calls.json?["next_after"] == 5)
        let two = f.curl("/v1/events?type=ucbridge.call.*,ucbridge.journal.entry")
        #expect(two.json?["events"]?.arrayValue?.count == 3)
    }

    @Test func deadLettersAreListedAndRedelivered() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let now = Date()
        let id = try f.store.addDeadLetter(DeadLetter(sink: "crm", sequence: 3, eventID: "e3", type: "ucbridge.call.started",
                                                      subject: "C0FFEE01", attempts: 15, lastStatus: 500, lastError: "HTTP 500",
                                                      firstAttemptAt: now, deadAt: now))
        _ = try f.store.addDeadLetter(DeadLetter(sink: "wallboard", sequence: 1, eventID: "e1", type: "ucbridge.presence.changed",
                                                 subject: nil, attempts: 3, lastStatus: nil, lastError: "timeout",
                                                 firstAttemptAt: now, deadAt: now))
        let all = f.curl("/v1/dead-letters")
        #expect(all.json?["dead_letters"]?.arrayValue?.count == 2)
        let crm = f.curl("/v1/dead-letters?sink=crm")
        let letter = try #require(crm.json?["dead_letters"]?.arrayValue?.first)
        #expect(crm.json?["dead_letters"]?.arrayValue?.count == 1)
        #expect(letter["id"] == .int(id))
        #expect(letter["last_status"] == 500)
        #expect(letter["state"] == "dead")

        let redeliver = f.curl("/v1/dead-letters/\(id)/redeliver", method: "POST")
        #expect(redeliver.status == 202)
        #expect(redeliver.json?["id"] == .int(id))
        #expect(redeliver.json?["state"] == "requeued")
        #expect(f.curl("/v1/dead-letters/999/redeliver", method: "POST").status == 404)
        #expect(f.curl("/v1/dead-letters/abc/redeliver", method: "POST").status == 400)
    }

    @Test func sinksAreListed() throws {
        let f = try APIFixture()
        f.sinkJSON.value = [SinkStatus(name: "crm", url: "https://crm.example.com/hook", cursor: 4, pending: 1, inFlight: 1,
                                       failedAttempts: 2, deadLettered: 1, lastError: "HTTP 503")]
        let r = f.curl("/v1/sinks")
        #expect(r.status == 200)
        let sink = try #require(r.json?["sinks"]?.arrayValue?.first)
        #expect(sink["cursor"] == 4)
        #expect(sink["in_flight"] == 1)
        #expect(sink["dead_lettered"] == 1)
        #expect(sink["last_error"] == "HTTP 503")
        #expect(sink["disabled_reason"] == .null)
    }

    @Test func metricsParseWithPrometheusClient() throws {
        let f = try APIFixture()
        Sample.fill(f)
        _ = f.curl("/v1/health")
        let r = f.curl("/metrics")
        #expect(r.status == 200)
        #expect(r.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let script = """
        import sys
        from prometheus_client.parser import text_string_to_metric_families
        for fam in text_string_to_metric_families(sys.stdin.read()):
            for s in fam.samples:
                print(s.name, s.value)
        """
        let file = f.dir + "/parse.py"
        try r.body.write(toFile: f.dir + "/metrics.txt", atomically: true, encoding: .utf8)
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let parsed = ChildProcess.run("/bin/sh", ["-c", "'\(Repo.python)' '\(file)' < '\(f.dir)/metrics.txt'"])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let samples = Dictionary(parsed.stdout.split(separator: "\n").map { line -> (String, Double) in
            let parts = line.split(separator: " ")
            return (String(parts[0]), Double(parts[1]) ?? -1)
        }, uniquingKeysWith: { a, _ in a })
        #expect((samples["process_resident_memory_bytes"] ?? 0) > 1_000_000)
        #expect(samples["ucbridge_outbox_last_sequence"] == 5)
        #expect(samples["ucbridge_outbox_events"] == 5)
        #expect(samples["ucbridge_api_requests_total"] != nil)
    }

    @Test func secretsNeverAppearInAnswers() throws {
        let f = try APIFixture()
        f.session.update {
            $0.phase = .retrying
            $0.lastError = "logon rejected"
        }
        let r = f.curl("/v1/health")
        #expect(!r.body.lowercased().contains("password"))
        #expect(!r.body.contains("whsec_"))
    }
}
