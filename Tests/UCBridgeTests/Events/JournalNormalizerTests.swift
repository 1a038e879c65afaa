import Foundation
import Testing
@testable import UCBridge

@Suite struct JournalNormalizerTests {
    static let entryID = "5E1A9C3F7B2D4E6A8C0B1D3F5A7C9E2B"

    func changed(_ path: String) throws -> IngestInput {
        .journalChanged(try JournalChange.list(json: try EventFixture.argument(path)))
    }

    func catchUp(resync: Bool) throws -> IngestInput {
        let list = try #require(try EventFixture.result("events/result_journal_entries_catch_up.json")["journalList"]?.arrayValue)
        return .journalEntries(try list.map { (j: JSONValue) throws(ModelDecodingError) -> JournalEntry in try JournalEntry(json: j) }, resync: resync)
    }

    @Test func newEntryCarriesEveryContractField() throws {
        var h = NormalizerHarness()
        let batch = h.apply(try changed("protocol/event_asnJournalEntryListChanged_one_entry.json"))
        let event = try #require(batch.events.first)
        #expect(event.type == .journalEntry)
        #expect(event.subject == Self.entryID)
        #expect(event.id == UUIDGenerator.v5(namespace: UUIDGenerator.eventNamespace, name: "journal:\(Self.entryID):48213"))
        let expected: JSONValue = [
            "connection_id": .string(Self.entryID), "direction": "inbound", "line": "+4989123456201", "local_number": "201",
            "remote_number": "+4940555987654", "contact_name": "Jonas Petersen", "company": "Nordhafen Logistik GmbH",
            "started_at": "2024-09-16T10:02:11.350Z", "connected_at": "2024-09-16T10:02:19.000Z", "ended_at": "2024-09-16T10:05:48.000Z",
            "duration_total_s": 217, "duration_connected_s": 209, "answered": true, "memo": nil, "subject": nil, "project": nil,
            "read": false, "transaction_id": 48213, "tracker_id": "3B7F1D9A5C2E4B6D8F0A1C3E5B7D9F2A", "resynced": false,
        ]
        #expect(event.data == expected)
        #expect(event.time == AsnSystemTime.parse("2024-09-16T10:05:48Z"))
        #expect(batch.changes.contains(.journalWatermark(48213)))
        #expect(h.state.journalRevisions[Self.entryID] == 48213)
    }

    @Test func updateOfAnExistingEntryIsANewRevision() throws {
        var h = NormalizerHarness()
        let first = h.apply(try changed("protocol/event_asnJournalEntryListChanged_one_entry.json")).events
        let batch = h.apply(try changed("events/journal_modified.json"))
        let event = try #require(batch.events.first)
        #expect(event.type == .journalEntry)
        #expect(event.data["memo"] == "Called back, offer sent")
        #expect(event.data["read"] == true)
        #expect(event.data["transaction_id"] == 48220)
        #expect(event.id != first.first?.id)
        #expect(batch.changes.contains(.journalWatermark(48220)))
    }

    @Test func deleteIsReportedAsRemovedAndClearsTheEntry() throws {
        var h = NormalizerHarness()
        _ = h.apply(try changed("protocol/event_asnJournalEntryListChanged_one_entry.json"))
        let batch = h.apply(try changed("events/journal_deleted.json"))
        let event = try #require(batch.events.first)
        #expect(event.type == .journalRemoved)
        #expect(event.data == ["connection_id": .string(Self.entryID), "transaction_id": 48230, "resynced": false])
        #expect(batch.changes.first == .journal(connectionID: Self.entryID, transactionID: 48230, startedAt: nil, data: nil))
    }

    @Test func replayedRevisionsAreSkipped() throws {
        var h = NormalizerHarness()
        _ = h.apply(try changed("protocol/event_asnJournalEntryListChanged_one_entry.json"))
        _ = h.apply(try changed("events/journal_modified.json"))
        #expect(h.apply(try changed("protocol/event_asnJournalEntryListChanged_one_entry.json")).isEmpty)
        #expect(h.apply(try changed("events/journal_modified.json")).isEmpty)
    }

    @Test func catchUpSkipsKnownRevisionsAndMarksNewOnesResynced() throws {
        var h = NormalizerHarness()
        _ = h.apply(try changed("protocol/event_asnJournalEntryListChanged_one_entry.json"))
        let batch = h.apply(try catchUp(resync: true))
        #expect(batch.events.map(\.subject) == ["77777777777777777777777777777777"])
        let event = try #require(batch.events.first)
        #expect(event.data["resynced"] == true)
        #expect(event.data["direction"] == "outbound")
        #expect(event.data["answered"] == false)
        #expect(event.data["connected_at"] == .null)
        // 48100 is below the watermark of 48213: the watermark does not go back.
        #expect(!batch.changes.contains { if case .journalWatermark = $0 { return true } else { return false } })
        #expect(h.state.journalWatermark == 48213)
        #expect(h.apply(try catchUp(resync: true)).isEmpty)
    }

    @Test func watermarkIgnoresTheListsLastTransactionID() throws {
        var h = NormalizerHarness()
        _ = h.apply(try changed("events/journal_modified.json"))
        #expect(h.state.journalWatermark == 48220)  // the list said iLastTransactionID 48300
    }

    @Test func sameRevisionFromTwoSessionsGetsOneId() throws {
        var a = NormalizerHarness()
        var b = NormalizerHarness()
        let x = a.apply(try catchUp(resync: true)).events.map(\.id)
        let y = b.apply(try changed("protocol/event_asnJournalEntryListChanged_one_entry.json")).events.map(\.id)
        #expect(x.first == y.first)
    }
}
