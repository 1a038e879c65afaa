import Foundation
import Testing
@testable import UCBridge

@Suite struct RetentionTests {
    static let now = Date(timeIntervalSince1970: 1_796_292_930)

    static func options(chunk: Int) -> StoreOptions {
        var o = StoreOptions()
        o.retentionChunk = chunk
        o.retentionInterval = 3600  // only the explicit passes below
        o.now = { RetentionTests.now }
        return o
    }

    static func events(_ range: ClosedRange<Int>, daysAgo: Double) -> NormalizedBatch {
        NormalizedBatch(events: range.map { StoreFixtures.event("evt-\($0)", time: now.addingTimeInterval(-daysAgo * 86_400)) })
    }

    @Test func prunesEventsOlderThanMaxAgeInChunks() throws {
        let dir = try TemporaryDirectory()
        var retention = RetentionConfig()
        retention.maxAgeDays = 14
        let store = try StoreFixtures.openStore(dir, retention: retention, options: Self.options(chunk: 7))
        store.writer.submit(Self.events(1...50, daysAgo: 20))
        store.writer.submit(Self.events(51...60, daysAgo: 1))
        store.writer.flush()

        #expect(try store.pruneNow() == 50)
        let reader = try store.makeReader()
        #expect(try reader.events(after: 0, limit: 100).map(\.sequence) == Array(51...60))
        #expect(try reader.outboxCount() == 10)
        #expect(store.writer.outboxCount == 10)
        #expect(try store.pruneNow() == 0)
    }

    @Test func prunesOldestEventsBeyondMaxEvents() throws {
        let dir = try TemporaryDirectory()
        var retention = RetentionConfig()
        retention.maxEvents = 25
        let store = try StoreFixtures.openStore(dir, retention: retention, options: Self.options(chunk: 4))
        store.writer.submit(Self.events(1...100, daysAgo: 1))
        store.writer.flush()

        #expect(try store.pruneNow() == 75)
        let reader = try store.makeReader()
        #expect(try reader.events(after: 0, limit: 100).map(\.sequence) == Array(76...100))
        // Numbering continues after the pruned range.
        store.writer.submit(Self.events(101...101, daysAgo: 0))
        store.writer.flush()
        #expect(try reader.latestSequence() == 101)
    }

    @Test func pruningEverythingDoesNotRestartTheSequence() throws {
        let dir = try TemporaryDirectory()
        var retention = RetentionConfig()
        retention.maxAgeDays = 1
        do {
            let store = try StoreFixtures.openStore(dir, retention: retention, options: Self.options(chunk: 100))
            store.writer.submit(Self.events(1...5, daysAgo: 3))
            store.writer.flush()
            #expect(try store.pruneNow() == 5)
            store.close()
        }
        let store = try StoreFixtures.openStore(dir, retention: retention, options: Self.options(chunk: 100))
        #expect(store.writer.lastCommittedSequence == 5)
        store.writer.submit(Self.events(6...6, daysAgo: 0))
        store.writer.flush()
        #expect(try store.makeReader().events(after: 0, limit: 10).map(\.sequence) == [6])
    }

    @Test func endedCallsArePrunedAfterADayActiveOnesKept() throws {
        let dir = try TemporaryDirectory()
        let clock = Signal(Self.now)
        var options = Self.options(chunk: 100)
        options.now = { clock.current }
        let store = try StoreFixtures.openStore(dir, options: options)
        store.writer.submit(NormalizedBatch(changes: [
            .call(connectionID: "ended", line: nil, active: false, data: ["state": "destroyed"]),
            .call(connectionID: "active", line: nil, active: true, data: ["state": "connected"]),
        ]))
        store.writer.flush()
        try store.pruneNow()
        let reader = try store.makeReader()
        #expect(try reader.call(connectionID: "ended") != nil)

        clock.update { $0 = $0.addingTimeInterval(86_400 + 60) }
        try store.pruneNow()
        #expect(try reader.call(connectionID: "ended") == nil)
        #expect(try reader.call(connectionID: "active") != nil)
    }

    @Test func lateOldEventIsKeptBehindYoungerOnes() throws {
        let dir = try TemporaryDirectory()
        var retention = RetentionConfig()
        retention.maxAgeDays = 14
        let store = try StoreFixtures.openStore(dir, retention: retention, options: Self.options(chunk: 100))
        store.writer.submit(Self.events(1...3, daysAgo: 1))
        store.writer.submit(Self.events(4...4, daysAgo: 30))  // e.g. an offline journal entry caught up late
        store.writer.flush()
        #expect(try store.pruneNow() == 0)
        #expect(try store.makeReader().outboxCount() == 4)
    }

    @Test func writerPrunesByItselfBetweenCommits() throws {
        let dir = try TemporaryDirectory()
        var retention = RetentionConfig()
        retention.maxAgeDays = 14
        var options = Self.options(chunk: 10)
        options.retentionInterval = 0
        let metrics = Metrics()
        let store = try StoreFixtures.openStore(dir, metrics: metrics, retention: retention, options: options)
        store.writer.submit(Self.events(1...100, daysAgo: 20))
        store.writer.submit(Self.events(101...110, daysAgo: 0))
        store.writer.flush()
        // The writer runs one step of 10 rows per turn of its loop and takes any queued batch
        // between steps; each flush below is at least one more turn, so this ends.
        var turns = 0
        while store.writer.outboxCount > 10, turns < 30 {
            store.writer.submit(NormalizedBatch(changes: [.presence(contact: "alice", data: ["turn": .int(Int64(turns))])]))
            store.writer.flush()
            turns += 1
        }
        #expect(store.writer.outboxCount == 10)
        #expect(try store.makeReader().events(after: 0, limit: 200).map(\.sequence) == Array(101...110))
        #expect(metrics.value("ucbridge_outbox_events") == 10)
    }

    @Test func deadLettersOlderThanMaxAgeArePruned() throws {
        let dir = try TemporaryDirectory()
        var retention = RetentionConfig()
        retention.maxAgeDays = 14
        let store = try StoreFixtures.openStore(dir, retention: retention, options: Self.options(chunk: 100))
        func letter(daysAgo: Double) -> DeadLetter {
            DeadLetter(sink: "crm", sequence: 1, eventID: "e", type: "ucbridge.call.ended", subject: nil, attempts: 3, lastStatus: nil,
                       lastError: "timeout", firstAttemptAt: Self.now.addingTimeInterval(-daysAgo * 86_400 - 60),
                       deadAt: Self.now.addingTimeInterval(-daysAgo * 86_400))
        }
        _ = try store.addDeadLetter(letter(daysAgo: 20))
        let recent = try store.addDeadLetter(letter(daysAgo: 2))
        try store.pruneNow()
        #expect(try store.makeReader().deadLetters(sink: nil).map(\.id) == [recent])
    }
}
