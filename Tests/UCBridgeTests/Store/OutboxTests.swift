import CSQLite
import Foundation
import Testing
@testable import UCBridge

@Suite struct OutboxTests {
    @Test func eventAndStateCommitTogether() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        let data: JSONValue = ["contact": "alice", "state": "busy"]
        store.writer.submit(NormalizedBatch(
            events: [StoreFixtures.event("e1", type: .presenceChanged, subject: "alice", data: data)],
            changes: [.presence(contact: "alice", data: data)]))
        store.writer.flush()

        let reader = try store.makeReader()
        let events = try reader.events(after: 0, limit: 10)
        #expect(events.map(\.id) == ["e1"])
        #expect(try reader.presence(contact: "alice") == data)

        store.writer.submit(NormalizedBatch(
            events: [StoreFixtures.event("e2", type: .presenceChanged, subject: "bob")],
            changes: [.presence(contact: "bob", data: ["state": "available"])]))
        store.writer.flush()
        #expect(try reader.events(after: 0, limit: 10).map(\.id) == ["e1", "e2"])
        #expect(try reader.presence(contact: "bob") == ["state": "available"])
    }

    @Test func rejectedBatchLeavesNeitherEventNorState() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        // A trigger makes the state write fail for good (not a transient condition).
        try store.writer.perform { db in
            try db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.presence WHEN NEW.contact = 'mallory' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        store.writer.submit(NormalizedBatch(events: [StoreFixtures.event("bad")], changes: [.presence(contact: "mallory", data: ["x": 1])]))
        store.writer.submit(NormalizedBatch(events: [StoreFixtures.event("good")], changes: [.presence(contact: "alice", data: ["x": 2])]))
        store.writer.flush()
        let reader = try store.makeReader()
        #expect(try reader.events(after: 0, limit: 10).map(\.id) == ["good"])
        #expect(try reader.presence(contact: "mallory") == nil)
        #expect(try reader.event(sequence: 1)?.id == "good")
    }

    @Test func duplicateIdIsStoredOnceAndConsumesNoSequence() throws {
        let dir = try TemporaryDirectory()
        let metrics = Metrics()
        let store = try StoreFixtures.openStore(dir, metrics: metrics)
        store.writer.submit(NormalizedBatch(events: [StoreFixtures.event("journal-rev-1"), StoreFixtures.event("a")]))
        store.writer.submit(NormalizedBatch(events: [StoreFixtures.event("journal-rev-1"), StoreFixtures.event("b")]))
        store.writer.flush()
        store.writer.submit(NormalizedBatch(events: [StoreFixtures.event("journal-rev-1")]))
        store.writer.flush()

        let events = try store.makeReader().events(after: 0, limit: 10)
        #expect(events.map(\.id) == ["journal-rev-1", "a", "b"])
        #expect(events.map(\.sequence) == [1, 2, 3])
        #expect(store.writer.lastCommittedSequence == 3)
        #expect(metrics.value("ucbridge_events_total", [("type", "ucbridge.call.started")]) == 3)
    }

    @Test func bodyIsTheCloudEventWithPaddedSequence() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        store.writer.submit(NormalizedBatch(events: [
            StoreFixtures.event("e1", data: ["state": "offering"], raw: ["iCallState": 2]),
            StoreFixtures.event("e2", type: .sessionConnected, subject: nil, data: ["server": "pbx"]),
        ]))
        store.writer.flush()
        let events = try store.makeReader().events(after: 0, limit: 10)
        try #require(events.count == 2)
        #expect(String(decoding: events[0].body, as: UTF8.self) ==
            #"{"specversion":"1.0","id":"e1","source":"ucbridge://local/svc-bridge","type":"ucbridge.call.started","subject":"conn-1","time":"2026-12-03T10:15:30.123Z","datacontenttype":"application/json","sequence":"00000000000000000001","data":{"state":"offering"}}"#)
        #expect(events[0].raw == ["iCallState": 2])
        #expect(events[0].time == Date(timeIntervalSince1970: 1_796_292_930.123))
        let session = try JSONParser.parse(events[1].body)
        #expect(session["subject"] == nil)
        #expect(session["sequence"] == "00000000000000000002")
        #expect(events[1].subject == nil)
        #expect(events[1].raw == nil)
    }

    @Test func groupCommitOfFiftyThousandEventsKeepsEveryEventOnceInOrder() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir, options: { var o = StoreOptions(); o.queueCapacity = 16; return o }())
        let commits = Signal(0)
        store.writer.addCommitObserver { _ in commits.update { $0 += 1 } }
        let done = Signal(false)
        let producer = Thread { [store] in
            for first in stride(from: 1, through: 50_000, by: 250) {
                store.writer.submit(StoreFixtures.batch(from: first, count: 250))
            }
            done.update { $0 = true }
        }
        producer.start()
        #expect(done.wait(timeout: 120) { $0 })
        store.writer.flush()

        let events = try store.makeReader().events(after: 0, limit: 60_000)
        #expect(events.count == 50_000)
        #expect(events.map(\.sequence) == Array(1...50_000))
        #expect(events.map(\.id) == (1...50_000).map { "evt-\($0)" })
        #expect(store.writer.lastCommittedSequence == 50_000)
        #expect(try store.makeReader().outboxCount() == 50_000)
        // 200 batches went through far fewer transactions whenever the producer got ahead.
        #expect(commits.current <= 200)
    }

    @Test func sequencesContinueAfterReopen() throws {
        let dir = try TemporaryDirectory()
        var store: Store? = try StoreFixtures.openStore(dir)
        store!.writer.submit(StoreFixtures.batch(from: 1, count: 3))
        store!.close()
        store = nil
        let reopened = try StoreFixtures.openStore(dir)
        #expect(reopened.writer.lastCommittedSequence == 3)
        reopened.writer.submit(StoreFixtures.batch(from: 4, count: 1))
        reopened.writer.flush()
        #expect(try reopened.makeReader().event(sequence: 4)?.id == "evt-4")
    }

    @Test func commitObserversHearTheNewLastSequence() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        let heard = Signal<[Int64]>([])
        store.writer.addCommitObserver { seq in heard.update { $0.append(seq) } }
        store.writer.submit(StoreFixtures.batch(from: 1, count: 5))
        store.writer.flush()
        store.writer.submit(StoreFixtures.batch(from: 1, count: 5))  // all duplicates: nothing new
        store.writer.flush()
        #expect(heard.current == [5])
    }

    @Test func databaseFileAndDirectoryAreNotWorldReadable() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        store.writer.flush()
        let fileMode = try FileManager.default.attributesOfItem(atPath: dir.databasePath)[.posixPermissions] as? Int
        let dirMode = try FileManager.default.attributesOfItem(atPath: dir.path + "/state")[.posixPermissions] as? Int
        #expect(fileMode == 0o640)
        #expect(dirMode == 0o750)
    }
}
