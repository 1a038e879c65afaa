import Foundation
import Testing
@testable import UCBridge

@Suite struct PresenceNormalizerTests {
    static let anna = "sip:anna.berger@example.com"
    static let max = "sip:max.huber@example.com"

    func snapshot(resync: Bool = false) throws -> IngestInput {
        .presenceSnapshot(try PresenceV2.list(try EventFixture.result("protocol/result_asnGetAndSubscribePresenceV2.json")), resync: resync)
    }

    func update(_ path: String) throws -> IngestInput {
        .presenceUpdate(try PresenceUpdate(json: try EventFixture.argument(path)))
    }

    @Test func snapshotReportsEveryContactWithEveryContractField() throws {
        var h = NormalizerHarness()
        let events = h.apply(try snapshot()).events
        #expect(events.map(\.subject) == [Self.anna, Self.max])
        let maxEvent = events[1]
        #expect(Set(maxEvent.data.objectValue?.map(\.0) ?? []) == ["contact", "state", "flags", "raw_state", "note", "absent", "display_name", "changed", "resynced"])
        #expect(maxEvent.data["state"] == "available")
        #expect(maxEvent.data["flags"] == ["idle"])
        #expect(maxEvent.data["raw_state"] == 536_870_913)
        #expect(maxEvent.data["note"] == .null)
        #expect(maxEvent.data["absent"] == .null)
        #expect(maxEvent.data["display_name"] == "Max Huber")
        #expect(h.state.presence.count == 2)
    }

    @Test func busyUpdateMergesIntoTheStoredContact() throws {
        var h = NormalizerHarness()
        _ = h.apply(try snapshot())
        let batch = h.apply(try update("protocol/event_asnUpdatePresenceV2_busy_call_note.json"))
        let event = try #require(batch.events.first)
        #expect(batch.events.count == 1)
        #expect(event.type == .presenceChanged)
        #expect(event.subject == Self.max)
        #expect(event.data["state"] == "busy")
        #expect(event.data["flags"] == ["in_call", "note_set"])
        #expect(event.data["raw_state"] == 335_544_322)
        #expect(event.data["note"] == "Customer workshop until 16:00")
        #expect(event.data["display_name"] == "Max Huber")
        #expect(event.data["changed"] == ["presence", "note", "phonecalls"])
        #expect(event.time == EventFixture.clock)
        #expect(batch.changes == [.presence(contact: Self.max, data: event.data)])
    }

    @Test func noteOnlyUpdateKeepsStateAndChangesTheNote() throws {
        var h = NormalizerHarness()
        _ = h.apply(try snapshot())
        let event = try #require(h.apply(try update("events/presence_note_only.json")).events.first)
        #expect(event.data["note"] == "In Berlin until Friday")
        #expect(event.data["state"] == "available")
        #expect(event.data["raw_state"] == 1)
        #expect(event.data["changed"] == ["note"])
    }

    @Test func noOpUpdateYieldsNoEvent() throws {
        var h = NormalizerHarness()
        _ = h.apply(try snapshot())
        #expect(h.apply(try update("events/presence_noop.json")).isEmpty)
    }

    @Test func absentStateCarriesKindAndTimeWindow() throws {
        var h = NormalizerHarness()
        _ = h.apply(try snapshot())
        let event = try #require(h.apply(try update("events/presence_absent_out_of_office.json")).events.first)
        #expect(event.data["absent"] == ["state": "out_of_office", "from": "2024-09-16T06:00:00.000Z", "until": "2024-09-20T18:00:00.500Z"])
        #expect(event.data["state"] == "absent")
        #expect(event.data["flags"] == ["idle", "mobile_available"])
    }

    @Test(arguments: [
        (Int64(0x10000), "working_after_call"), (0x20000, "conferencing"), (0x100_0000, "ringing"), (0x200_0000, "appointment"),
        (0x400_0000, "in_call"), (0x800_0000, "offline"), (0x1000_0000, "note_set"), (0x2000_0000, "idle"), (0x4000_0000, "mobile_available"),
    ])
    func everyPresenceFlagIsNamed(bit: Int64, name: String) throws {
        var h = NormalizerHarness()
        let p = PresenceV2(contactID: Self.anna, presenceState: bit | 2)
        let event = try #require(h.apply(.presenceUpdate(PresenceUpdate(presence: p, changedFlags: 1))).events.first)
        #expect(event.data["flags"] == [.string(name)])
        #expect(event.data["state"] == "busy")
    }

    @Test(arguments: [(Int64(0), "unknown"), (1, "available"), (2, "busy"), (3, "absent"), (4, "dnd"), (7, "out_of_order"), (5, "unknown"), (0xFF, "unknown")])
    func stateNameComesFromTheLowByte(raw: Int64, name: String) throws {
        var h = NormalizerHarness()
        let p = PresenceV2(contactID: Self.anna, presenceState: raw | 0x2000_0000)
        let event = try #require(h.apply(.presenceUpdate(PresenceUpdate(presence: p, changedFlags: 1))).events.first)
        #expect(event.data["state"] == .string(name))
    }

    @Test func removalIsReportedOnceForAKnownContact() throws {
        var h = NormalizerHarness()
        _ = h.apply(try snapshot())
        let batch = h.apply(.presenceRemoved(contact: Self.max))
        #expect(batch.events.map(\.type) == [.presenceRemoved])
        #expect(batch.events.first?.data["contact"] == .string(Self.max))
        #expect(batch.changes == [.presence(contact: Self.max, data: nil)])
        #expect(h.apply(.presenceRemoved(contact: Self.max)).isEmpty)
    }

    @Test func resyncedSnapshotReportsOnlyDifferencesWithDeterministicIds() throws {
        var h = NormalizerHarness()
        _ = h.apply(try snapshot())
        _ = h.apply(try update("protocol/event_asnUpdatePresenceV2_busy_call_note.json"))
        // Reconnect: the server says max is back to the snapshot's state.
        var first = h
        var second = h
        let a = first.apply(try snapshot(resync: true)).events
        let b = second.apply(try snapshot(resync: true)).events
        #expect(a.map(\.subject) == [Self.max])
        #expect(a.first?.data["resynced"] == true)
        #expect(a.first?.data["note"] == .null)
        #expect(a.map(\.id) == b.map(\.id))
        #expect(first.apply(try snapshot(resync: true)).isEmpty)
    }

    @Test func stateSurvivesARestartThroughTheStore() throws {
        var h = NormalizerHarness()
        _ = h.apply(try snapshot())
        var restarted = NormalizerHarness()
        restarted.state = BridgeState(stored: h.state.stored)
        #expect(restarted.apply(try snapshot()).isEmpty)
        #expect(!restarted.apply(try update("events/presence_note_only.json")).isEmpty)
    }
}
