import CSQLite
import Foundation
import Testing
@testable import UCBridge

@Suite struct StoreFaultTests {
    @Test func fullQueueBlocksTheProducerAndDropsNothing() throws {
        let dir = try TemporaryDirectory()
        var options = StoreOptions()
        options.queueCapacity = 2
        options.maxBatchesPerCommit = 1
        let store = try StoreFixtures.openStore(dir, options: options)

        // The first commit's observer holds the writer thread until the test opens the gate.
        let gate = Signal(false)
        let writerHeld = Signal(false)
        store.writer.addCommitObserver { _ in
            writerHeld.update { $0 = true }
            gate.wait(timeout: 60) { $0 }
        }
        store.writer.submit(StoreFixtures.batch(from: 1, count: 1))
        #expect(writerHeld.wait { $0 })

        let submitted = Signal(0)
        let producer = Thread { [store] in
            for n in 2...21 {
                store.writer.submit(StoreFixtures.batch(from: n, count: 1))
                submitted.update { $0 += 1 }
            }
        }
        producer.start()
        #expect(submitted.wait { $0 == options.queueCapacity })
        // The producer stays blocked in submit: it never gets more than the capacity ahead.
        #expect(!submitted.wait(timeout: 0.5) { $0 > options.queueCapacity })
        #expect(store.writer.queuedItems <= options.queueCapacity)

        gate.update { $0 = true }
        #expect(submitted.wait { $0 == 20 })
        store.writer.flush()
        #expect(try store.makeReader().events(after: 0, limit: 100).map(\.id) == (1...21).map { "evt-\($0)" })
    }

    @Test func lockedDatabaseIsReportedRetriedAndRecovered() throws {
        let dir = try TemporaryDirectory()
        let metrics = Metrics()
        let health = Signal<[StoreHealth]>([])
        var options = StoreOptions()
        options.busyTimeoutMilliseconds = 20
        options.retryInitialSeconds = 0.01
        options.retryMaxSeconds = 0.05
        options.onHealthChange = { h in health.update { $0.append(h) } }
        let store = try StoreFixtures.openStore(dir, metrics: metrics, options: options)

        // Another process (here: another connection) holds the write lock.
        let intruder = try SQLiteConnection(path: dir.databasePath, busyTimeoutMilliseconds: 20)
        try intruder.exec("BEGIN IMMEDIATE")
        store.writer.submit(StoreFixtures.batch(from: 1, count: 10))
        #expect(health.wait { $0.contains { !$0.isOK } })
        guard case let .failing(reason) = store.health else { Issue.record("health must say why"); return }
        #expect(reason.contains("locked"))
        #expect(metrics.value("ucbridge_store_errors_total", [("kind", "locked")]) >= 1)

        try intruder.exec("ROLLBACK")
        store.writer.flush()
        #expect(store.health == .ok)
        #expect(health.current.last == .ok)
        #expect(try store.makeReader().events(after: 0, limit: 100).map(\.id) == (1...10).map { "evt-\($0)" })
    }

    @Test func fullDiskIsReportedRetriedAndRecoveredWithoutLoss() throws {
        let dir = try TemporaryDirectory()
        let metrics = Metrics()
        let health = Signal<[StoreHealth]>([])
        var options = StoreOptions()
        options.retryInitialSeconds = 0.01
        options.retryMaxSeconds = 0.05
        options.onHealthChange = { h in health.update { $0.append(h) } }
        let store = try StoreFixtures.openStore(dir, metrics: metrics, options: options)
        store.writer.submit(StoreFixtures.batch(from: 1, count: 5))
        store.writer.flush()

        // A page limit on the writer's connection stands in for a full file system: SQLite
        // reports SQLITE_FULL exactly as it does for ENOSPC.
        try store.writer.perform(inTransaction: false) { db in
            let pages = try db.scalarInt("PRAGMA page_count") ?? 0
            try db.exec("PRAGMA max_page_count = \(pages)")
        }
        let diskFreed = Signal(false)
        store.writer.retryHookForTesting = { db in
            if diskFreed.current { try? db.exec("PRAGMA max_page_count = 1073741823") }
        }
        let big: JSONValue = ["blob": .string(String(repeating: "x", count: 4000))]
        store.writer.submit(NormalizedBatch(events: (6...200).map { StoreFixtures.event("evt-\($0)", data: big) }))
        #expect(health.wait { $0.contains { !$0.isOK } })
        guard case let .failing(reason) = store.health else { Issue.record("health must say why"); return }
        #expect(reason.contains("full"))
        #expect(metrics.value("ucbridge_store_errors_total", [("kind", "full")]) >= 1)

        diskFreed.update { $0 = true }
        store.writer.flush()
        #expect(store.health == .ok)
        let ids = try store.makeReader().events(after: 0, limit: 1000).map(\.id)
        #expect(ids == (1...200).map { "evt-\($0)" })
        let integrity = try SQLiteConnection(path: dir.databasePath).scalarText("PRAGMA integrity_check")
        #expect(integrity == "ok")
    }

    @Test func closeDoesNotHangOnAFullDisk() throws {
        let dir = try TemporaryDirectory()
        let health = Signal<[StoreHealth]>([])
        var options = StoreOptions()
        options.retryInitialSeconds = 0.01
        options.retryMaxSeconds = 0.05
        options.closeRetrySeconds = 0.2
        options.onHealthChange = { h in health.update { $0.append(h) } }
        let store = try StoreFixtures.openStore(dir, options: options)
        store.writer.submit(StoreFixtures.batch(from: 1, count: 3))
        try store.writer.perform(inTransaction: false) { db in
            try db.exec("PRAGMA max_page_count = \(try db.scalarInt("PRAGMA page_count") ?? 0)")
        }
        let big: JSONValue = ["blob": .string(String(repeating: "x", count: 8000))]
        store.writer.submit(NormalizedBatch(events: (4...100).map { StoreFixtures.event("evt-\($0)", data: big) }))
        #expect(health.wait { $0.contains { !$0.isOK } })

        let closed = Signal(false)
        Thread { [store] in
            store.close()
            closed.update { $0 = true }
        }.start()
        #expect(closed.wait(timeout: 30) { $0 })

        // What was committed before the disk filled is intact.
        let reopened = try StoreFixtures.openStore(dir)
        #expect(try reopened.makeReader().events(after: 0, limit: 200).map(\.id) == ["evt-1", "evt-2", "evt-3"])
        #expect(try SQLiteConnection(path: dir.databasePath).scalarText("PRAGMA integrity_check") == "ok")
    }
}
