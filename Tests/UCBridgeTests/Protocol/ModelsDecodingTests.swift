import Foundation
import Testing
@testable import UCBridge

@Suite struct ModelsDecodingTests {
    @Test func everyProtocolExampleDecodesIntoItsModel() throws {
        let snapshot = try PresenceV2.list(try EventFixture.result("protocol/result_asnGetAndSubscribePresenceV2.json"))
        #expect(snapshot.map(\.contactID) == ["sip:anna.berger@example.com", "sip:max.huber@example.com"])
        #expect(snapshot[1].remoteContact?.displayName == "Max Huber")
        #expect(snapshot[0].phoneLines?.first?.doNotDisturb == false)

        let update = try PresenceUpdate(json: try EventFixture.argument("protocol/event_asnUpdatePresenceV2_busy_call_note.json"))
        #expect(update.changedFlags == 289)
        #expect(update.presence.customNote?.note == "Customer workshop until 16:00")
        #expect(update.presence.calls?.first?.callState == .connected)
        #expect(update.presence.calls?.first?.remoteContact?.company == "Neckartal Maschinenbau AG")

        let lines = try #require(try EventFixture.result("protocol/result_asnCtiEnumPhoneLines.json")["seqLines"]?.arrayValue)
            .map { (j: JSONValue) throws(ModelDecodingError) -> CtiLineInfo in try CtiLineInfo(json: j) }
        #expect(lines.map(\.lineOpenStatus) == [2, 2])
        #expect(lines[0].optionalParams?.string("AddressNames") == "201")

        let monitor = try CtiLineMonitorSnapshot(json: try EventFixture.result("protocol/result_asnCtiLineMonitorStart_one_call.json"))
        #expect(monitor.crossRefID == "C3D9E27B")
        #expect(monitor.calls.first?.connected == AsnSystemTime.parse("2024-09-16T09:41:15Z"))
        #expect(monitor.calls.first?.disconnected == nil)
        #expect(monitor.remoteOfficeState?.enabled == false)

        for name in ["offering", "connected", "disconnected", "destroyed"] {
            let change = try CtiCallChange(json: try EventFixture.argument("protocol/event_asnCtiNotifyLineCallInformationChanged_\(name).json"))
            #expect(change.callInformation.connectionID == "5E1A9C3F7B2D4E6A8C0B1D3F5A7C9E2B")
        }

        let journal = try JournalChange.list(json: try EventFixture.argument("protocol/event_asnJournalEntryListChanged_one_entry.json"))
        #expect(journal.count == 1)
        #expect(journal[0].kind == .added)
        #expect(journal[0].transactionID == 48213)
        #expect(journal[0].entry.transactionID == 48213)
        #expect(journal[0].entry.durationConnected == 209)

        let removed = try EventFixture.argument("protocol/event_asnRemovePresence.json")
        #expect(removed.string("u8sContactID") == "sip:lena.vogt@example.com")
    }

    @Test func loggedInContactCarriesUserAndOwnLines() throws {
        let me = try LoggedInContact(json: try EventFixture.result("events/result_asnGetLoggedInContactV2.json"))
        #expect(me.loggedInUser == "svc-bridge")
        #expect(me.ownContact.contactID == "sip:svc-bridge@example.com")
        #expect(me.ownContact.phoneLines?.map(\.linePhoneNumber) == ["tel:+4989123456201;phys=201@ECSTA"])
        #expect(me.ownContact.phoneLines?.first?.doNotDisturb == false)
        #expect(try LoggedInContact(json: me.json) == me)
    }

    @Test func acceptsSeedSpellingsNumericStringsAndZeroOneBooleans() throws {
        let change = try CtiCallChange(json: try EventFixture.argument("events/call_seed_spelling.json"))
        let info = change.callInformation
        #expect(change.reason == .connected)
        #expect(info.callState == .connected)
        #expect(info.outbound == true)
        #expect(info.internalCall == false)
        #expect(info.conferenceController == true)
        #expect(info.conferenceControllerID == "X1")
        #expect(info.created == AsnSystemTime.parse("2024-09-16T12:00:00Z"))
        #expect(info.connected == AsnSystemTime.parse("2024-09-16T12:00:10.123456789Z"))
        #expect(info.optionalParams?.string("PBXCallID") == "0x1A2B")
        #expect(info.optionalParams?.integer("AddressID") == 7)
        #expect(info.optionalParams?["Blob"] == .binary([1, 2, 3]))

        let journal = try EventFixture.result("events/result_journal_entries_catch_up.json")["journalList"]?.arrayValue ?? []
        let seedEntry = try JournalEntry(json: journal[1])
        #expect(seedEntry.successState == 0)
        #expect(seedEntry.connectTime == nil)
        #expect(seedEntry.transactionID == 48100)

        let contact = try PresenceV2(json: ["u8sContactID": "sip:x@example.com"])
        #expect(contact.contactID == "sip:x@example.com")
        let error = try RequestError(json: ["iErrorDetail": "3", "u8sErrorMessage": "unknown line"])
        #expect(error == RequestError(detail: 3, text: "unknown line"))
        #expect(error.json == ["iErrorDetail": 3, "u8sErrorString": "unknown line"])
    }

    @Test func throwsOnlyWhenTheIdentifyingMemberIsMissing() {
        #expect(throws: ModelDecodingError.missingMember("u8sContactId", type: "AsnPresenceV2")) { try PresenceV2(json: ["iPresenceState": 1]) }
        #expect(throws: ModelDecodingError.missingMember("u8sConnectionID", type: "AsnCtiCallInformation")) {
            try CtiCallInformation(json: ["iCallState": 2])
        }
        #expect(throws: ModelDecodingError.missingMember("u8sConnectionID", type: "AsnNetDatabaseJournal")) { try JournalEntry(json: ["iOrigin": 1]) }
        #expect(throws: ModelDecodingError.notAnObject(type: "AsnPresenceV2")) { try PresenceV2(json: "sip:x") }
        #expect((try? CtiCallInformation(json: ["u8sConnectionID": "A", "somethingNew": [1]])) != nil)
    }

    @Test func keepsUnknownEnumValuesRaw() throws {
        let info = try CtiCallChange(json: try EventFixture.argument("events/call_unknown_state.json"))
        #expect(info.callInformation.callState == .unknown(4096))
        #expect(info.reason == .unknown(99))
        #expect(info.json["callinformation"]?["iCallState"] == 4096)
        #expect(info.json["reason"] == 99)
        #expect(DisconnectedReason(rawValue: 17) == .unknown(17))
        #expect(DisconnectedReason(rawValue: 17).rawValue == 17)
        #expect(JournalChange.Kind(rawValue: 9).rawValue == 9)
        for raw: Int64 in [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] {
            #expect(CallState(rawValue: raw).rawValue == raw)
        }
    }

    @Test func parsesEveryDateFormTheServersWrite() {
        let t = AsnSystemTime.parse("2024-09-16T09:41:07Z")
        #expect(t == Date(timeIntervalSince1970: 1_726_479_667))
        #expect(AsnSystemTime.parse("2024-09-16T09:41:07.5Z") == Date(timeIntervalSince1970: 1_726_479_667.5))
        #expect(AsnSystemTime.parse("2024-09-16T11:41:07+02:00") == t)
        #expect(AsnSystemTime.parse("2024-09-16T04:41:07-0500") == t)
        #expect(AsnSystemTime.date(from: "") == nil)
        #expect(AsnSystemTime.date(from: 0) == nil)
        #expect(AsnSystemTime.date(from: .double(45551.5)) == AsnSystemTime.parse("2024-09-16T12:00:00Z"))
        #expect(AsnSystemTime.parse("2024-09-16T09:41:07.1234567890Z") == nil)
        #expect(AsnSystemTime.parse("2024-09-16 09:41") == nil)
        #expect(AsnSystemTime.parse("2024-13-16T09:41:07Z") == nil)
    }

    @Test func writesDatesInTheServersOwnFormat() throws {
        let t = try #require(AsnSystemTime.parse("2024-09-16T09:41:07Z"))
        #expect(AsnSystemTime.string(from: t) == "2024-09-16T09:41:07Z")
        #expect(AsnSystemTime.string(from: t.addingTimeInterval(0.25)) == "2024-09-16T09:41:07.250Z")
        #expect(AsnSystemTime.rfc3339Millis(t) == "2024-09-16T09:41:07.000Z")
        #expect(AsnSystemTime.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test func decodesBase64WithAndWithoutPadding() {
        #expect(WireBase64.decode("aGk=") == Array("hi".utf8))
        #expect(WireBase64.decode("aGk") == Array("hi".utf8))
        #expect(WireBase64.decode("aGVsbG8") == Array("hello".utf8))
        #expect(WireBase64.decode("a") == nil)
    }

    @Test func readsOptionalParamsInBothNotationsAndWritesTheObjectForm() throws {
        let object = try #require(OptionalParams(json: ["_type": "AsnOptionalParameters", "CallType": 0, "PBXCallID": "0x1A2B", "jpegPhoto": ["binarydata": "AQI"]]))
        let array = try #require(OptionalParams(json: [
            ["key": "CallType", "value": ["integerdata": 0]], ["key": "PBXCallID", "value": ["stringdata": "0x1A2B"]],
            ["key": "jpegPhoto", "value": ["binarydata": "AQI="]],
        ]))
        #expect(object == array)
        #expect(object["_type"] == nil)
        #expect(object["jpegPhoto"] == .binary([1, 2]))
        #expect(object.json == ["CallType": 0, "PBXCallID": "0x1A2B", "jpegPhoto": ["binarydata": "AQI="]])
        #expect(OptionalParams(json: ["iTransactionID": "48213"])?.integer("iTransactionID") == 48213)
    }

    @Test func encodesBackInTheSDKSpellingWithMandatoryMembersPresent() throws {
        let reduced = try CtiCallInformation(json: ["u8sConnectionID": "A1", "iCallState": 32, "bConferenceCtrlr": true])
        let json = reduced.json
        #expect(json["bConferenceCtlr"] == true)
        #expect(json["bConferenceCtrlr"] == nil)
        #expect(json["utcCallConnected"] == "")
        #expect(json["u8sRemoteNumberSC"] == "")
        #expect(json["pRemoteContact"] == nil)
        #expect(json["projectPinRule"]?["iProjectType"] == 0)

        let journal = try JournalEntry(json: ["u8sConnectionID": "J1", "iSuccessState": 2, "stStartTime": "2024-09-16T09:41:07.250Z"])
        #expect(journal.json["iSucessState"] == 2)
        #expect(journal.json["iSuccessState"] == nil)
        #expect(journal.json["stStartTime"] == "2024-09-16T09:41:07.250Z")
        #expect(journal.json["stConnectTime"] == "")
        #expect(journal.json["optionalParams"] == nil)

        let presence = try PresenceV2(json: ["u8sContactID": "sip:a@example.com", "iPresenceState": "2"])
        #expect(presence.json == ["u8sContactId": "sip:a@example.com", "iPresenceState": 2])
    }

    @Test func roundTripsEveryModelThroughItsJSON() throws {
        let update = try PresenceUpdate(json: try EventFixture.argument("protocol/event_asnUpdatePresenceV2_busy_call_note.json"))
        #expect(try PresenceUpdate(json: update.json) == update)
        for p in try PresenceV2.list(try EventFixture.result("protocol/result_asnGetAndSubscribePresenceV2.json")) {
            #expect(try PresenceV2(json: p.json) == p)
        }
        let monitor = try CtiLineMonitorSnapshot(json: try EventFixture.result("protocol/result_asnCtiLineMonitorStart_one_call.json"))
        #expect(try CtiLineMonitorSnapshot(json: monitor.json) == monitor)
        let change = try CtiCallChange(json: try EventFixture.argument("protocol/event_asnCtiNotifyLineCallInformationChanged_destroyed.json"))
        #expect(try CtiCallChange(json: change.json) == change)
        let journal = try JournalChange.list(json: try EventFixture.argument("events/journal_modified.json"))
        #expect(try JournalChange(json: journal[0].json) == journal[0])
        let absent = try PresenceUpdate(json: try EventFixture.argument("events/presence_absent_out_of_office.json"))
        #expect(try PresenceUpdate(json: absent.json) == absent)
        let summary = SessionSummary(server: "https://ucserver.example.com:7225", user: "svc-bridge", contacts: 2, lines: 1, resyncedEvents: 3)
        #expect(try SessionSummary(json: summary.json) == summary)
        for file in ["line_dnd_on", "line_forwarding", "line_added", "line_removed", "line_info_pbx_link_broken", "line_monitor_stopped"] {
            let message = try EventFixture.message("events/\(file).json")
            let op = try #require(message["invoke"]?["operationID"]?.intValue)
            let argument = try #require(message["invoke"]?["argument"])
            let event = try #require(try CtiLineEvent(operationID: op, json: argument))
            #expect(try CtiLineEvent(operationID: op, json: event.json) == event)
        }
    }
}
