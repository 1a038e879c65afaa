import Foundation
import Testing
@testable import UCBridge

@Suite struct LineNormalizerTests {
    static let line = "tel:+4989123456201;phys=201@ECSTA"

    func lineEvent(_ file: String) throws -> IngestInput {
        let message = try EventFixture.message("events/\(file).json")
        let op = try #require(message["invoke"]?["operationID"]?.intValue)
        let argument = try #require(message["invoke"]?["argument"])
        return .lineEvent(try #require(try CtiLineEvent(operationID: op, json: argument)))
    }

    func lineList() throws -> IngestInput {
        let lines = try #require(try EventFixture.result("protocol/result_asnCtiEnumPhoneLines.json")["seqLines"]?.arrayValue)
        return .lineList(try lines.map { (j: JSONValue) throws(ModelDecodingError) -> CtiLineInfo in try CtiLineInfo(json: j) })
    }

    @Test func lineListAddsEachLineOnceWithEveryContractField() throws {
        var h = NormalizerHarness()
        let events = h.apply(try lineList()).events
        #expect(events.map(\.subject) == [Self.line, "tel:+4989123456251;phys=251@ECSTA"])
        let first = events[0]
        #expect(first.type == .lineChanged)
        #expect(first.data["change"] == "added")
        #expect(first.data["state"] == "online")
        #expect(first.data["dnd"] == false)
        #expect(first.data["forwards"] == [])
        #expect(first.data["name"] == "Anna Berger")
        #expect(first.data["resynced"] == true)
        #expect(h.apply(try lineList()).isEmpty)
    }

    @Test func snapshotOfAKnownUnchangedLineYieldsNoLineEvent() throws {
        var h = NormalizerHarness()
        _ = h.apply(try lineList())
        let events = h.apply(try EventFixture.snapshot("protocol/result_asnCtiLineMonitorStart_one_call.json")).events
        #expect(events.allSatisfy { $0.type != .lineChanged })
    }

    @Test func doNotDisturbChangeIsReportedOnce() throws {
        var h = NormalizerHarness()
        _ = h.apply(try EventFixture.snapshot("protocol/result_asnCtiLineMonitorStart_one_call.json"))
        let event = try #require(h.apply(try lineEvent("line_dnd_on")).events.first)
        #expect(event.data["change"] == "dnd")
        #expect(event.data["dnd"] == true)
        #expect(event.data["resynced"] == false)
        #expect(h.apply(try lineEvent("line_dnd_on")).isEmpty)
    }

    @Test func forwardingListsModeAndDestination() throws {
        var h = NormalizerHarness()
        let event = try #require(h.apply(try lineEvent("line_forwarding")).events.first)
        #expect(event.data["change"] == "forwarding")
        #expect(event.data["forwards"] == [["mode": "immediate", "destination": "+4989123456299"], ["mode": "no_answer", "destination": "+491701234567"]])
    }

    @Test func lineInfoWithBrokenPBXLinkTakesTheLineOffline() throws {
        var h = NormalizerHarness()
        _ = h.apply(try lineList())
        let event = try #require(h.apply(try lineEvent("line_info_pbx_link_broken")).events.first)
        #expect(event.data["change"] == "info")
        #expect(event.data["state"] == "offline")
    }

    @Test func addedAndRemovedLinesAreReportedAndLeaveTheState() throws {
        var h = NormalizerHarness()
        let added = try #require(h.apply(try lineEvent("line_added")).events.first)
        #expect(added.data["change"] == "added")
        #expect(added.data["name"] == "Support queue")
        let removed = h.apply(try lineEvent("line_removed"))
        #expect(removed.events.first?.data["change"] == "removed")
        #expect(removed.changes == [.line(uri: "tel:+4989123456260;phys=260@ECSTA", data: nil)])
        #expect(h.state.lines.isEmpty)
        #expect(h.apply(try lineEvent("line_removed")).isEmpty)
    }

    @Test func monitorStoppedYieldsNothingByItself() throws {
        var h = NormalizerHarness()
        _ = h.apply(try lineList())
        #expect(h.apply(try lineEvent("line_monitor_stopped")).isEmpty)
    }
}
