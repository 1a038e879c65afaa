import Foundation
import Testing
import UCBridge

@Suite("APIClientCommands")
struct APIClientCommandTests {
    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    static let utc = TimeZone(identifier: "UTC")!

    func run(_ f: APIFixture?, _ name: String, _ args: [String], now: Date = RFC3339.parse("2026-12-03T10:00:00Z")!) -> Run {
        let out = LockedValue(""), err = LockedValue("")
        let io = ClientIO(out: { out.value += $0 }, err: { err.value += $0 }, time: HumanTime(now: now, timeZone: Self.utc))
        let status = ClientCommands.run(name, args, defaultSocket: f?.socket ?? "/nonexistent/api.sock", io: io)
        return Run(status: status, out: out.value, err: err.value)
    }

    @Test func statusShowsSessionStoreAndSinks() throws {
        let f = try APIFixture()
        Sample.fill(f)
        f.connected()
        f.sinkJSON.value = [SinkStatus(name: "crm", url: "https://crm.example.com/hook", cursor: 5, lastError: "HTTP 503")]
        let r = run(f, "status", [], now: Date().addingTimeInterval(120))
        #expect(r.status == 0)
        #expect(r.out.contains("Status:      degraded"))
        #expect(r.out.contains("connected to ucserver.example.com as svc-bridge, since "))
        #expect(r.out.contains("(2 min ago)"))
        #expect(r.out.contains("ok, 5 events in the outbox, last sequence 5"))
        #expect(r.out.contains("SINK  URL                           CURSOR  PENDING  IN FLIGHT  FAILED  DEAD  STATE"))
        #expect(r.out.contains("failing: HTTP 503"))
    }

    @Test func presenceTableAndOneContact() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let all = run(f, "presence", [])
        #expect(all.out == """
        CONTACT                NAME   STATE      FLAGS  NOTE
        sip:alice@example.com  Alice  available  -      -
        sip:bob@example.com    Bob    busy       -      -

        """)
        let one = run(f, "presence", ["sip:alice@example.com"])
        #expect(one.status == 0)
        #expect(one.out.contains("Contact:  sip:alice@example.com\nName:     Alice\nState:    available\n"))
        let unknown = run(f, "presence", ["sip:zoe@example.com"])
        #expect(unknown.status == 1)
        #expect(unknown.err == "ucbridge: no presence known for contact sip:zoe@example.com\n")
    }

    @Test func callsAndJournalUseLocalAndRelativeTimes() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let calls = run(f, "calls", [], now: RFC3339.parse("2026-12-03T10:17:31Z")!)
        #expect(calls.out == """
        CONNECTION  LINE            STATE      DIRECTION  REMOTE          STARTED
        C0FFEE01    tel:+498912345  connected  inbound    +4930555 Carol  2026-12-03 10:15:30 (2 min ago)

        """)
        let journal = run(f, "journal", ["--limit", "1"])
        #expect(journal.out.contains("2026-12-02 09:00:00 (1 day ago)  outbound   +4930222  Dave  0:42      yes"))
        #expect(!journal.out.contains("+4930111"))
    }

    @Test func eventsTableAndJSONRoundTrip() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let table = run(f, "events", ["--after", "3"])
        let lines = table.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("SEQ  TIME") == true)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("4    ") && lines[1].contains("ucbridge.journal.entry  J1"))

        let json = run(f, "events", ["--json", "--type", "ucbridge.presence.*"])
        let parsed = try JSONParser.parse(json.out)
        #expect(parsed == f.curl("/v1/events?type=ucbridge.presence.*").json)
        #expect(parsed["events"]?.arrayValue?.count == 2)

        for (command, path) in [("presence", "/v1/presence"), ("calls", "/v1/calls"), ("journal", "/v1/journal"),
                                ("sinks", "/v1/sinks"), ("dead-letters", "/v1/dead-letters")] {
            let r = run(f, command, ["--json"])
            #expect(try JSONParser.parse(r.out) == f.curl(path).json, "\(command)")
        }
    }

    @Test func followPrintsLiveEvents() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let out = LockedValue("")
        let seen = NSCondition()
        let io = ClientIO(out: { text in seen.withLock { out.value += text; seen.broadcast() } }, err: { _ in })
        let done = LockedValue<Int32?>(nil)
        let thread = Thread {
            done.value = ClientCommands.run("events", ["--follow", "--json", "--after", "4"], defaultSocket: f.socket, io: io)
        }
        thread.start()
        func waitFor(_ predicate: (String) -> Bool) -> Bool {
            let deadline = Date(timeIntervalSinceNow: 5)
            return seen.withLock {
                while !predicate(out.value) { if !seen.wait(until: deadline) { return predicate(out.value) } }
                return true
            }
        }
        #expect(waitFor { $0.split(separator: "\n").count == 1 })
        f.commit([Sample.event(.presenceRemoved, "sip:bob@example.com", ["contact": "sip:bob@example.com"])])
        #expect(waitFor { $0.split(separator: "\n").count == 2 })
        let events = out.value.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        #expect(events.map { $0["sequence"] } == ["00000000000000000005", "00000000000000000006"])
        f.server.stop()  // ends the stream; the command returns
        #expect(waitFor { _ in done.value != nil })
    }

    @Test func redeliverReportsEachIDAndUnknownOnes() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let id = try f.store.addDeadLetter(DeadLetter(sink: "crm", sequence: 3, eventID: "e3", type: "ucbridge.call.started",
                                                      subject: "C0FFEE01", attempts: 15, lastStatus: 500, lastError: "HTTP 500",
                                                      firstAttemptAt: Date(), deadAt: Date()))
        let listed = run(f, "dead-letters", ["--sink", "crm"])
        #expect(listed.out.contains("ID  SINK  SEQ  TYPE                   SUBJECT   ATTEMPTS  STATE"))
        let r = run(f, "redeliver", [String(id), "999"])
        #expect(r.status == 1)
        #expect(r.out == "dead letter \(id) queued for redelivery to crm (ucbridge.call.started, sequence 3)\n")
        #expect(r.err == "ucbridge: no dead letter with id 999\n")
    }

    @Test func unreachableDaemonExits3NamingTheSocket() {
        let r = run(nil, "status", [])
        #expect(r.status == 3)
        #expect(r.err == "ucbridge: cannot reach the daemon at /nonexistent/api.sock: No such file or directory (is ucbridge running? --socket PATH)\n")
        let other = run(nil, "calls", ["--socket", "/tmp/nothing-here.sock"])
        #expect(other.status == 3)
        #expect(other.err.contains("/tmp/nothing-here.sock"))
    }

    @Test func usageErrorsExit2() throws {
        #expect(run(nil, "journal", ["--bogus"]).status == 2)
        #expect(run(nil, "journal", ["--limit", "0"]).err.contains("--limit: expected an integer 1..1000"))
        #expect(run(nil, "journal", ["--since", "yesterday"]).status == 2)
        #expect(run(nil, "redeliver", []).status == 2)
        #expect(run(nil, "calls", ["extra"]).status == 2)
    }

    @Test func everyCommandHasAManualPage() {
        for name in ClientCommands.names {
            let text = ClientHelp.text(name)
            #expect(text?.hasPrefix("NAME\n  ucbridge \(name) - ") == true)
            #expect(text?.contains("--socket PATH") == true)
            #expect(text?.contains("EXIT STATUS") == true)
        }
        #expect(ClientHelp.summaries.map(\.name) == ClientCommands.names)
        #expect(run(nil, "events", ["--help"]).out == ClientHelp.text("events"))
        #expect(ClientHelp.text("run") == nil)
    }
}
