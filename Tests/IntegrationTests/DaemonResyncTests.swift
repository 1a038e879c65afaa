import Foundation
import Testing
import UCBridge

/// What happens while ucbridge is disconnected still becomes events, exactly once.
@Suite(.serialized) struct DaemonResyncTests {
    /// Events committed after `sequence`.
    func events(after sequence: Int64, in h: BridgeHarness) throws -> [JSONValue] {
        try h.allEvents().filter { ($0["sequence"]?.intValue ?? 0) > sequence }
    }

    /// Waits for the n-th `ucbridge.session.connected` event to be committed (it follows the resync events).
    func waitForSessionConnectedEvent(_ n: Int, _ h: BridgeHarness) throws {
        let follow = try h.followEvents()
        var seen = 0
        let line = follow.waitForLine(timeout: 20) { line in
            if line.hasPrefix("event: ucbridge.session.connected") { seen += 1 }
            return seen >= n
        }
        #expect(line != nil, "session.connected #\(n) not committed")
    }

    @Test func changesWhileDisconnectedBecomeResyncedEventsOnce() throws {
        let h = try BridgeHarness()
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        try waitForSessionConnectedEvent(1, h)

        // A call that is up before the outage.
        let call = try h.control("/sim/call", #"{"state": "offering", "remote": "+4940555987654", "remote_name": "Jonas Petersen"}"#)
        let connectionID = try #require(call["connection_id"]?.stringValue)
        try h.control("/sim/call", #"{"connection_id": "\#(connectionID)", "state": "connected"}"#)
        let follow = try h.followEvents()
        #expect(follow.waitForLine { $0.hasPrefix("data:") && $0.contains("ucbridge.call.updated") && $0.contains(connectionID) } != nil)
        let before = try h.allEvents().last?["sequence"]?.intValue ?? 0

        // Outage: the socket drops and logins fail until we allow them again.
        try h.control("/sim/fault/createsession", #"{"status": 502, "count": 100000}"#)
        try h.control("/sim/fault/drop", "{}")
        #expect(daemon.waitForLine { $0.contains("retrying in") } != nil)

        try h.control("/sim/presence", #"{"contact": "sip:max.huber@example.com", "state": 3, "note": "at lunch"}"#)
        try h.control("/sim/call", #"{"connection_id": "\#(connectionID)", "state": "destroyed"}"#)
        let journal = try h.control("/sim/journal", #"{"phone_number": "+4930555000111", "contact_name": "Offline Caller", "duration": 42}"#)
        let extraJournalID = try #require(journal["connection_id"]?.stringValue)

        try h.control("/sim/fault/createsession", #"{"status": 502, "count": 0}"#)
        #expect(h.waitForConnected(count: 2), "\(daemon.output.suffix(30))")
        try waitForSessionConnectedEvent(2, h)

        let after = try events(after: before, in: h)
        let types = after.compactMap(\.eventType)
        #expect(types.filter { $0 == "ucbridge.session.disconnected" }.count == 1)
        #expect(types.filter { $0 == "ucbridge.session.connected" }.count == 1)
        let connected = after.first { $0.eventType == "ucbridge.session.connected" }
        #expect((connected?["data"]?["resynced_events"]?.intValue ?? 0) >= 3, "\(connected?.jsonText ?? "")")
        let maxChanges = after.filter { $0.eventType == "ucbridge.presence.changed" && $0["subject"] == "sip:max.huber@example.com" }
        #expect(maxChanges.count == 1)
        #expect(maxChanges.first?["data"]?["resynced"] == true)
        #expect(maxChanges.first?["data"]?["state"] == "absent")
        #expect(maxChanges.first?["data"]?["note"] == "at lunch")
        let ended = after.filter { $0.eventType == "ucbridge.call.ended" && $0["subject"]?.stringValue == connectionID }
        #expect(ended.count == 1)
        #expect(ended.first?["data"]?["resynced"] == true)
        let journalSubjects = after.filter { $0.eventType == "ucbridge.journal.entry" }.compactMap { $0["subject"]?.stringValue }
        #expect(journalSubjects.contains(extraJournalID))
        #expect(journalSubjects.contains(connectionID))
        #expect(Set(journalSubjects).count == journalSubjects.count, "journal entries duplicated: \(journalSubjects)")

        // The API's state equals the simulator's again.
        let (_, presence) = try h.api("/v1/presence/\("sip:max.huber@example.com".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(presence.jsonText.contains("at lunch"), "\(presence.jsonText)")
        let (_, calls) = try h.api("/v1/calls")
        #expect(!calls.jsonText.contains(connectionID), "ended call still active: \(calls.jsonText)")

        // A second reconnect with nothing changed adds only the session events.
        let mark = try h.allEvents().last?["sequence"]?.intValue ?? 0
        try h.control("/sim/fault/drop", "{}")
        #expect(h.waitForConnected(count: 3), "\(daemon.output.suffix(40).joined(separator: "\n"))\nSIM:\n\(h.sim.output.suffix(40).joined(separator: "\n"))")
        try waitForSessionConnectedEvent(3, h)
        let quiet = try events(after: mark, in: h).compactMap(\.eventType)
        #expect(quiet.sorted() == ["ucbridge.session.connected", "ucbridge.session.disconnected"], "\(quiet)")
    }

    @Test func restartAfterSIGKILLLosesNothingAndDuplicatesNothing() throws {
        let h = try BridgeHarness()
        let daemon = try h.startDaemon()
        #expect(h.waitForConnected())
        try waitForSessionConnectedEvent(1, h)
        for i in 0..<20 {
            try h.control("/sim/presence", #"{"contact": "sip:lena.vogt@example.com", "state": \#(i % 2 == 0 ? 2 : 1), "note": "n\#(i)"}"#)
        }
        let follow = try h.followEvents()
        #expect(follow.waitForLine { $0.contains("\"n19\"") } != nil)
        let committed = try h.allEvents()
        daemon.signal(SIGKILL)
        _ = daemon.waitForExit(timeout: 5)
        _ = try h.startDaemon()
        #expect(h.waitForConnected())
        try waitForSessionConnectedEvent(2, h)
        let all = try h.allEvents()
        let ids = all.compactMap { $0["id"]?.stringValue }
        #expect(Set(ids).count == ids.count, "duplicate event ids after restart")
        for event in committed {
            #expect(ids.contains(event["id"]?.stringValue ?? "?"), "lost \(event.jsonText)")
        }
        let sequences = all.compactMap { $0["sequence"]?.stringValue }
        #expect(sequences == sequences.sorted() && sequences.allSatisfy { $0.count == 20 })
        // Nothing changed while it was down: no presence event after the restart.
        let lastBefore = committed.last?["sequence"]?.intValue ?? 0
        let newPresence = all.filter { ($0["sequence"]?.intValue ?? 0) > lastBefore && $0.eventType == "ucbridge.presence.changed" }
        #expect(newPresence.isEmpty, "\(newPresence.map(\.jsonText))")
    }
}
