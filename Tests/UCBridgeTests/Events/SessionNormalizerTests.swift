import Foundation
import Testing
@testable import UCBridge

@Suite struct SessionNormalizerTests {
    @Test func connectedReportsServerUserAndCountsWithoutSubject() throws {
        var h = NormalizerHarness()
        let summary = SessionSummary(server: "https://ucserver.example.com:7225", user: "svc-bridge", contacts: 2, lines: 2, resyncedEvents: 5)
        let batch = h.apply(.sessionConnected(summary))
        let event = try #require(batch.events.first)
        #expect(event.type == .sessionConnected)
        #expect(event.subject == nil)
        #expect(event.data == ["server": "https://ucserver.example.com:7225", "user": "svc-bridge", "contacts": 2, "lines": 2, "resynced_events": 5])
        #expect(event.time == EventFixture.clock)
        #expect(batch.changes.isEmpty)
    }

    @Test func disconnectedReportsReasonAndRetryDelay() throws {
        var h = NormalizerHarness()
        let events = h.events([
            .sessionDisconnected(server: "https://ucserver.example.com:7225", reason: "websocket closed", retryInSeconds: 2.5),
            .sessionDisconnected(server: "https://ucserver.example.com:7225", reason: "stopping", retryInSeconds: nil),
        ])
        #expect(events.map(\.type) == [.sessionDisconnected, .sessionDisconnected])
        #expect(events[0].data == ["server": "https://ucserver.example.com:7225", "reason": "websocket closed", "retry_in_s": 2.5])
        #expect(events[1].data["retry_in_s"] == .null)
        #expect(events[0].id != events[1].id)
    }
}
