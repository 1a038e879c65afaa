import Foundation
import Testing
@testable import UCBridge

@Suite struct CallNormalizerTests {
    static let inbound = "5E1A9C3F7B2D4E6A8C0B1D3F5A7C9E2B"
    static let outbound = "9A1B2C3D4E5F60718293A4B5C6D7E8F9"
    static let line = "tel:+4989123456201;phys=201@ECSTA"

    func protocolCall(_ name: String) throws -> IngestInput {
        try EventFixture.callChange("protocol/event_asnCtiNotifyLineCallInformationChanged_\(name).json")
    }

    @Test func inboundCallRunsOfferingConnectedDisconnectedDestroyed() throws {
        var h = NormalizerHarness()
        let events = h.events(try ["offering", "connected", "disconnected", "destroyed"].map(protocolCall))
        #expect(events.map(\.type) == [.callStarted, .callUpdated, .callUpdated, .callEnded])
        #expect(events.map { $0.string("state") } == ["offering", "connected", "disconnected", "destroyed"])
        #expect(Set(events.map(\.subject)) == [Self.inbound])

        let started = events[0]
        #expect(started.data["direction"] == "inbound")
        #expect(started.data["internal"] == false)
        #expect(started.data["line"] == .string(Self.line))
        #expect(started.data["remote"] == ["number": "+4940555987654", "name": "Jonas Petersen", "company": "Nordhafen Logistik GmbH", "contact_id": "C-100482"])
        #expect(started.data["tracker_id"] == "3B7F1D9A5C2E4B6D8F0A1C3E5B7D9F2A")
        #expect(started.data["started_at"] == "2024-09-16T10:02:11.350Z")
        #expect(started.data["connected_at"] == .null)
        #expect(started.data["duration_ms"] == .null)
        #expect(started.data["resynced"] == false)
        #expect(started.time == AsnSystemTime.parse("2024-09-16T10:02:11.350Z"))
        #expect(started.raw?["callinformation"]?["iCallState"] == 2)
        #expect(started.source == EventFixture.source)

        #expect(events[1].time == AsnSystemTime.parse("2024-09-16T10:02:19Z"))
        let ended = events[3]
        #expect(ended.data["ended_at"] == "2024-09-16T10:05:48.000Z")
        #expect(ended.data["end_reason"] == "normal")
        #expect(ended.data["duration_ms"] == 209_000)
        #expect(ended.time == AsnSystemTime.parse("2024-09-16T10:05:48Z"))
        #expect(h.state.activeCalls.isEmpty)
    }

    @Test func everyCallEventCarriesEveryContractField() throws {
        var h = NormalizerHarness()
        let fields: Set<String> = ["connection_id", "line", "state", "direction", "internal", "remote", "tracker_id", "started_at",
                                   "connected_at", "ended_at", "end_reason", "duration_ms", "resynced"]
        for event in h.events(try ["offering", "connected", "destroyed"].map(protocolCall)) {
            #expect(Set(event.data.objectValue?.map(\.0) ?? []) == fields)
        }
    }

    @Test func outboundCallRunsDialingRingbackConnectedHoldConnectedDestroyed() throws {
        var h = NormalizerHarness()
        let files = ["1_dialing", "2_ringback", "3_connected", "4_hold", "5_connected", "6_destroyed"]
        let events = h.events(try files.map { try EventFixture.callChange("events/call_outbound_\($0).json") })
        #expect(events.map(\.type) == [.callStarted, .callUpdated, .callUpdated, .callUpdated, .callUpdated, .callEnded])
        #expect(events.map { $0.string("state") } == ["dialing", "ringback", "connected", "hold", "connected", "destroyed"])
        #expect(events[0].data["direction"] == "outbound")
        #expect(events[5].data["duration_ms"] == 111_000)
        #expect(events[5].data["end_reason"] == "normal")
    }

    @Test func busyCallEndsWithBusyReasonAndZeroDuration() throws {
        var h = NormalizerHarness()
        let events = h.events(try ["1_dialing", "2_busy", "3_destroyed"].map { try EventFixture.callChange("events/call_busy_\($0).json") })
        #expect(events.map { $0.string("state") } == ["dialing", "busy", "destroyed"])
        #expect(events[2].data["end_reason"] == "busy")
        #expect(events[2].data["duration_ms"] == 0)
        #expect(events[2].data["connected_at"] == .null)
    }

    @Test func unansweredCallEndsAsUnansweredWithoutDuration() throws {
        var h = NormalizerHarness()
        let events = h.events([try protocolCall("offering"), try EventFixture.callChange("events/call_unanswered_destroyed.json")])
        #expect(events.map(\.type) == [.callStarted, .callEnded])
        #expect(events[1].data["end_reason"] == "unanswered")
        #expect(events[1].data["duration_ms"] == 0)
    }

    @Test func conferencedPreparecallAndUnknownStatesAreNamed() throws {
        var h = NormalizerHarness()
        let events = h.events(try ["call_conferenced", "call_preparecall", "call_unknown_state"].map { try EventFixture.callChange("events/\($0).json") })
        #expect(events.map(\.type) == [.callStarted, .callStarted, .callStarted])
        #expect(events.map { $0.string("state") } == ["conferenced", "preparecall", "unknown"])
        #expect(events[2].raw?["callinformation"]?["iCallState"] == 4096)
    }

    @Test func blockedCallerIDHasNoNumber() throws {
        var h = NormalizerHarness()
        let events = h.events([try EventFixture.callChange("events/call_caller_id_blocked.json")])
        #expect(events.first?.data["remote"]?["number"] == .null)
        #expect(events.first?.data["remote"]?["name"] == .null)
    }

    @Test func repeatedNotifyWithoutChangeYieldsNothing() throws {
        var h = NormalizerHarness()
        _ = h.apply(try protocolCall("offering"))
        let again = h.apply(try protocolCall("offering"))
        #expect(again.isEmpty)
    }

    @Test func reducedCallInfoMergesIntoTheKnownCall() throws {
        var h = NormalizerHarness()
        _ = h.apply(try protocolCall("offering"))
        let events = h.apply(try EventFixture.callChange("events/call_reduced_connected.json")).events
        let updated = try #require(events.first)
        #expect(events.count == 1)
        #expect(updated.type == .callUpdated)
        #expect(updated.data["state"] == "connected")
        #expect(updated.data["connected_at"] == "2024-09-16T10:02:19.000Z")
        #expect(updated.data["remote"]?["name"] == "Jonas Petersen")
        #expect(updated.data["direction"] == "inbound")
        #expect(updated.data["line"] == .string(Self.line))
        #expect(updated.data["started_at"] == "2024-09-16T10:02:11.350Z")
    }

    @Test func destroyedForAnUnknownCallYieldsNothing() throws {
        var h = NormalizerHarness()
        #expect(h.apply(try protocolCall("destroyed")).isEmpty)
    }

    @Test func endsExactlyOnceEvenWhenDestroyedArrivesTwiceOrLate() throws {
        var h = NormalizerHarness()
        let events = h.events(try ["offering", "destroyed", "destroyed", "connected"].map(protocolCall))
        #expect(events.map(\.type) == [.callStarted, .callEnded])
    }

    @Test func startAndEndIdsAreStableSoReplaysDeduplicate() throws {
        var first = NormalizerHarness()
        var second = NormalizerHarness()
        let a = first.events(try ["offering", "destroyed"].map(protocolCall))
        let b = second.events(try ["offering", "destroyed"].map(protocolCall))
        #expect(a.map(\.id) == b.map(\.id))
    }

    @Test func stateChangesTrackActiveAndEndedCalls() throws {
        var h = NormalizerHarness()
        let start = h.apply(try protocolCall("offering"))
        guard case let .call(id, line, active, _)? = start.changes.first else { Issue.record("no call change"); return }
        #expect(id == Self.inbound && line == Self.line && active)
        let end = h.apply(try protocolCall("destroyed"))
        guard case let .call(_, _, stillActive, data)? = end.changes.first else { Issue.record("no call change"); return }
        #expect(!stillActive)
        #expect(data["state"] == "destroyed")
    }

    @Test func monitorSnapshotStartsTheCallsItShows() throws {
        var h = NormalizerHarness()
        let events = h.apply(try EventFixture.snapshot("protocol/result_asnCtiLineMonitorStart_one_call.json")).events
        let call = try #require(events.first { $0.type == .callStarted })
        #expect(call.subject == "2C5B7E0F9A3D4B6C8E1F203A4B5C6D7E")
        #expect(call.data["state"] == "connected")
        #expect(call.data["resynced"] == true)
    }

    @Test func callMissingFromAFreshSnapshotEndsResyncedExactlyOnce() throws {
        var h = NormalizerHarness()
        _ = h.apply(try protocolCall("offering"))
        _ = h.apply(try protocolCall("connected"))
        let resync = h.apply(try EventFixture.snapshot("events/result_monitor_start_no_calls.json")).events.filter { $0.type == .callEnded }
        #expect(resync.count == 1)
        #expect(resync.first?.subject == Self.inbound)
        #expect(resync.first?.data["resynced"] == true)
        #expect(resync.first?.data["state"] == "destroyed")
        #expect(resync.first?.data["ended_at"] == .string(AsnSystemTime.rfc3339Millis(EventFixture.clock)))
        #expect(resync.first?.data["end_reason"] == "unknown")
        #expect(h.apply(try EventFixture.snapshot("events/result_monitor_start_no_calls.json")).isEmpty)
        #expect(h.apply(try protocolCall("destroyed")).isEmpty)
    }

    @Test func secondIdenticalSnapshotYieldsNothing() throws {
        var h = NormalizerHarness()
        let first = h.apply(try EventFixture.snapshot("protocol/result_asnCtiLineMonitorStart_one_call.json"))
        #expect(!first.events.isEmpty)
        #expect(h.apply(try EventFixture.snapshot("protocol/result_asnCtiLineMonitorStart_one_call.json")).isEmpty)
    }

    @Test func callsOnLinesNoLongerMonitoredEndWhenTheSnapshotsAreComplete() throws {
        var h = NormalizerHarness()
        _ = h.apply(try protocolCall("offering"))
        #expect(h.apply(.monitoredLinesComplete([Self.line])).isEmpty)
        let ended = h.apply(.monitoredLinesComplete(["tel:+4989123456251;phys=251@ECSTA"])).events
        #expect(ended.map(\.type) == [.callEnded])
        #expect(ended.first?.data["resynced"] == true)
        #expect(h.apply(.monitoredLinesComplete([])).isEmpty)
    }

    @Test func presenceCallsDoNotProduceCallEvents() throws {
        var h = NormalizerHarness()
        let update = try PresenceUpdate(json: try EventFixture.argument("protocol/event_asnUpdatePresenceV2_busy_call_note.json"))
        let events = h.apply(.presenceUpdate(update)).events
        #expect(events.allSatisfy { $0.type == .presenceChanged })
        #expect(h.state.activeCalls.isEmpty)
    }

    @Test func rawIsLeftOutWhenTheContextSaysSo() throws {
        var state = BridgeState()
        let normalizer = Normalizer(context: EventContext(source: EventFixture.source, includeRaw: false, now: { EventFixture.clock }))
        let batch = normalizer.apply(try protocolCall("offering"), to: &state)
        #expect(batch.events.first?.raw == nil)
    }
}
