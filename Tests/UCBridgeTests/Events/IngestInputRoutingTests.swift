import Testing
@testable import UCBridge

@Suite struct IngestInputRoutingTests {
    func route(_ path: String) throws -> IngestInput? {
        let invoke = try #require(try EventFixture.message(path)["invoke"])
        return try IngestInput.event(operationID: try #require(invoke["operationID"]?.intValue), argument: try #require(invoke["argument"]))
    }

    @Test func routesEveryConsumedServerEventToItsInput() throws {
        guard case .presenceUpdate? = try route("protocol/event_asnUpdatePresenceV2_busy_call_note.json") else { Issue.record("presence update"); return }
        guard case .presenceRemoved("sip:lena.vogt@example.com")? = try route("protocol/event_asnRemovePresence.json") else { Issue.record("removal"); return }
        guard case .callChanged? = try route("protocol/event_asnCtiNotifyLineCallInformationChanged_offering.json") else { Issue.record("call"); return }
        guard case let .journalChanged(list)? = try route("protocol/event_asnJournalEntryListChanged_one_entry.json"), list.count == 1 else {
            Issue.record("journal list"); return
        }
        guard case let .journalChanged(single)? = try route("events/journal_deleted.json"), single.first?.kind == .deleted else {
            Issue.record("journal single"); return
        }
        guard case .lineEvent(.doNotDisturbChanged)? = try route("events/line_dnd_on.json") else { Issue.record("dnd"); return }
        guard case .lineEvent(.monitorStopped("C3D9E27B"))? = try route("events/line_monitor_stopped.json") else { Issue.record("stopped"); return }
    }

    @Test func ignoresEventsTheNormalizerDoesNotConsume() throws {
        #expect(try route("protocol/event_asnTransportKeepAlive.json") == nil)
    }

    @Test func rejectsAnArgumentWithoutItsIdentifyingMember() {
        #expect(throws: ModelDecodingError.self) { try IngestInput.event(operationID: 4504, argument: ["presence": ["iPresenceState": 1]]) }
        #expect(throws: ModelDecodingError.self) { try IngestInput.event(operationID: 1283, argument: ["callinformation": ["iCallState": 2]]) }
    }
}
