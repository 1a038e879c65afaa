import Foundation
import Testing
import UCBridge

@Suite("APIEventStream")
struct APIStreamTests {
    static func ids(_ text: String) -> [Int] {
        text.split(separator: "\n").compactMap { $0.hasPrefix("id: ") ? Int($0.dropFirst(4)) : nil }
    }

    func stream(_ f: APIFixture, _ query: String = "", headers: [String] = []) throws -> StreamingChild {
        var args = ["-s", "-N", "--unix-socket", f.socket]
        for h in headers { args += ["-H", h] }
        return try StreamingChild("/usr/bin/curl", args + ["http://localhost/v1/events/stream" + query])
    }

    @Test func liveEventArrivesAndReconnectResumesWithoutGapsOrRepeats() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let first = try stream(f, "?after=3")
        #expect(first.wait { Self.ids($0) == [4, 5] }, "replay: \(first.text)")
        f.commit([Sample.event(.presenceChanged, "sip:alice@example.com", Sample.presence("sip:alice@example.com", "dnd", name: "Alice"))])
        #expect(first.wait(seconds: 1) { Self.ids($0) == [4, 5, 6] }, "live: \(first.text)")
        #expect(first.text.contains("event: ucbridge.presence.changed\ndata: {"))
        first.stop()

        // Committed while nobody listens.
        for state in ["busy", "absent"] {
            f.commit([Sample.event(.presenceChanged, "sip:bob@example.com", Sample.presence("sip:bob@example.com", state, name: "Bob"))])
        }
        let second = try stream(f, headers: ["Last-Event-ID: 6"])
        #expect(second.wait { Self.ids($0) == [7, 8] }, "resume: \(second.text)")
        f.commit([Sample.event(.callEnded, "C0FFEE01", Sample.call("C0FFEE01", state: "destroyed", remote: "+4930555"))])
        #expect(second.wait(seconds: 1) { Self.ids($0) == [7, 8, 9] }, "live after resume: \(second.text)")
        second.stop()
    }

    @Test func withoutAPositionTheStreamFollowsOnlyNewEventsOfTheRequestedTypes() throws {
        let f = try APIFixture()
        Sample.fill(f)
        let s = try stream(f, "?type=ucbridge.call.*")
        #expect(s.wait { $0.contains("retry: 2000") })
        f.commit([Sample.event(.presenceChanged, "sip:bob@example.com", Sample.presence("sip:bob@example.com", "busy", name: "Bob"))])
        f.commit([Sample.event(.callUpdated, "C0FFEE01", Sample.call("C0FFEE01", state: "hold", remote: "+4930555"))])
        #expect(s.wait(seconds: 1) { Self.ids($0) == [7] }, "\(s.text)")
        s.stop()
    }

    @Test func streamsBeyondTheLimitGet503() throws {
        var options = APIServerOptions()
        options.maxEventStreams = 1
        let f = try APIFixture(options: options)
        let s = try stream(f)
        #expect(s.wait { $0.contains("retry: 2000") })
        let second = f.curl("/v1/events/stream")
        #expect(second.status == 503)
        #expect(second.json?["error"]?["code"] == "unavailable")
        s.stop()
    }

    @Test func heartbeatKeepsAnIdleStreamAlive() throws {
        var options = APIServerOptions()
        options.heartbeatSeconds = 0.2
        let f = try APIFixture(options: options)
        let s = try stream(f)
        #expect(s.wait(seconds: 5) { $0.contains(": heartbeat\n\n") })
        s.stop()
    }
}
