import Foundation
import Testing
@testable import UCBridge

@Suite struct StoreReaderTests {
    @Test func typeGlobMatchesAcrossDotsWithStarOnly() {
        #expect(TypeGlob.matches("ucbridge.call.*", "ucbridge.call.started"))
        #expect(TypeGlob.matches("*", "ucbridge.journal.entry"))
        #expect(TypeGlob.matches("ucbridge.*", "ucbridge.call.ended"))
        #expect(TypeGlob.matches("*.ended", "ucbridge.call.ended"))
        #expect(TypeGlob.matches("ucbridge.presence.changed", "ucbridge.presence.changed"))
        #expect(!TypeGlob.matches("ucbridge.call.*", "ucbridge.presence.changed"))
        #expect(!TypeGlob.matches("ucbridge.call", "ucbridge.call.started"))
        #expect(!TypeGlob.matches("ucbridge.call.?", "ucbridge.call.x"))
    }

    @Test func eventsFilterByTypeGlobInSequenceOrder() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        store.writer.submit(NormalizedBatch(events: [
            StoreFixtures.event("p1", type: .presenceChanged),
            StoreFixtures.event("c1", type: .callStarted),
            StoreFixtures.event("j1", type: .journalEntry),
            StoreFixtures.event("c2", type: .callEnded),
        ]))
        store.writer.flush()
        let reader = try store.makeReader()
        #expect(try reader.events(after: 0, limit: 10, typeGlobs: ["ucbridge.call.*"]).map(\.id) == ["c1", "c2"])
        #expect(try reader.events(after: 2, limit: 10, typeGlobs: ["ucbridge.call.*", "ucbridge.journal.entry"]).map(\.id) == ["j1", "c2"])
        #expect(try reader.events(after: 0, limit: 2, typeGlobs: ["*"]).map(\.id) == ["p1", "c1"])
        #expect(try reader.events(after: 0, limit: 10, typeGlobs: ["ucbridge.call.?tarted"]).isEmpty)
        #expect(try reader.latestSequence() == 4)
        #expect(try reader.event(sequence: 3)?.id == "j1")
        #expect(try reader.event(sequence: 9) == nil)
    }

    @Test func currentStateTablesAnswerTheQueries() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        let day: TimeInterval = 86_400
        let base = Date(timeIntervalSince1970: 1_796_292_930)
        store.writer.submit(NormalizedBatch(changes: [
            .presence(contact: "alice", data: ["contact": "alice", "state": "busy"]),
            .presence(contact: "bob", data: ["contact": "bob", "state": "available"]),
            .call(connectionID: "c1", line: "tel:100", active: true, data: ["connection_id": "c1", "state": "connected"]),
            .call(connectionID: "c2", line: "tel:100", active: false, data: ["connection_id": "c2", "state": "destroyed"]),
            .line(uri: "tel:100", data: ["line": "tel:100", "dnd": false]),
            .line(uri: "tel:200", data: ["line": "tel:200"]),
            .journal(connectionID: "j-old", transactionID: 7, startedAt: base.addingTimeInterval(-2 * day), data: ["connection_id": "j-old"]),
            .journal(connectionID: "j-new", transactionID: 9, startedAt: base, data: ["connection_id": "j-new"]),
            .journalWatermark(9),
        ]))
        store.writer.submit(NormalizedBatch(changes: [
            .presence(contact: "bob", data: nil),
            .line(uri: "tel:200", data: nil),
        ]))
        store.writer.flush()

        let reader = try store.makeReader()
        #expect(try reader.allPresence() == [["contact": "alice", "state": "busy"]])
        #expect(try reader.presence(contact: "bob") == nil)
        #expect(try reader.activeCalls() == [["connection_id": "c1", "state": "connected"]])
        #expect(try reader.call(connectionID: "c2") == ["connection_id": "c2", "state": "destroyed"])
        #expect(try reader.lines() == [["line": "tel:100", "dnd": false]])
        #expect(try reader.journal(since: nil, limit: 10) == [["connection_id": "j-new"], ["connection_id": "j-old"]])
        #expect(try reader.journal(since: base.addingTimeInterval(-day), limit: 10) == [["connection_id": "j-new"]])
        #expect(try reader.journal(since: nil, limit: 1) == [["connection_id": "j-new"]])

        let state = try reader.loadState()
        #expect(Set(state.presence.keys) == ["alice"])
        #expect(Set(state.activeCalls.keys) == ["c1"])
        #expect(Set(state.lines.keys) == ["tel:100"])
        #expect(state.journalRevisions == ["j-old": 7, "j-new": 9])
        #expect(state.journalWatermark == 9)
    }

    @Test func readerSeesOnlyCommittedDataWhileTheWriterWrites() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir, options: { var o = StoreOptions(); o.queueCapacity = 4; return o }())
        let reader = try store.makeReader()
        let producer = Thread { [store] in
            for first in stride(from: 1, through: 20_000, by: 500) { store.writer.submit(StoreFixtures.batch(from: first, count: 500)) }
        }
        producer.start()
        // Read while the writer commits: every page is a gap-free run right after the cursor.
        var cursor: Int64 = 0
        let deadline = Date().addingTimeInterval(120)
        while cursor < 20_000, Date() < deadline {
            let page = try reader.events(after: cursor, limit: 700)
            #expect(page.map(\.sequence) == Array((cursor + 1)..<(cursor + 1 + Int64(page.count))))
            #expect(page.allSatisfy { $0.id == "evt-\($0.sequence)" })
            if page.isEmpty {
                // Nothing new yet: wait for the next commit instead of spinning.
                let committed = Signal(false)
                let id = store.writer.addCommitObserver { _ in committed.update { $0 = true } }
                if store.writer.lastCommittedSequence <= cursor { committed.wait(timeout: 10) { $0 } }
                store.writer.removeCommitObserver(id)
            }
            cursor = page.last?.sequence ?? cursor
        }
        #expect(cursor == 20_000)
    }

    @Test func readerDoesNotSeeAnOpenTransaction() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        store.writer.submit(StoreFixtures.batch(from: 1, count: 1))
        store.writer.flush()
        let reader = try store.makeReader()
        let other = try SQLiteConnection(path: dir.databasePath)
        try other.exec("BEGIN IMMEDIATE")
        try other.exec("INSERT INTO events(sequence, id, type, time, body) VALUES (2, 'uncommitted', 't', 0, x'7b7d')")
        #expect(try reader.events(after: 0, limit: 10).map(\.id) == ["evt-1"])
        try other.exec("ROLLBACK")
    }
}
