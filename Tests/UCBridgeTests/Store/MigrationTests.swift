import CSQLite
import Foundation
import Testing
@testable import UCBridge

@Suite struct MigrationTests {
    @Test func freshDatabaseGetsEveryTableAndTheCurrentVersion() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        store.close()
        let db = try SQLiteConnection(path: dir.databasePath)
        #expect(try db.scalarInt("PRAGMA user_version") == StoreSchema.currentVersion)
        let tables = try db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").query { $0.string(0) ?? "" }
        #expect(tables == ["calls", "dead_letters", "events", "journal", "lines", "meta", "presence", "sink_cursors"])
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
    }

    @Test func reopeningACurrentDatabaseChangesNothing() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try StoreFixtures.openStore(dir)
            store.writer.submit(StoreFixtures.batch(from: 1, count: 3))
            store.close()
        }
        let before = try SQLiteConnection(path: dir.databasePath).scalarInt("PRAGMA schema_version")
        let store = try StoreFixtures.openStore(dir)
        store.writer.flush()
        let db = try SQLiteConnection(path: dir.databasePath)
        #expect(try db.scalarInt("PRAGMA schema_version") == before)
        #expect(try db.scalarInt("PRAGMA user_version") == 1)
        #expect(try store.makeReader().outboxCount() == 3)
    }

    @Test func refusesADatabaseFromANewerVersion() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try StoreFixtures.openStore(dir)
            store.close()
        }
        try SQLiteConnection(path: dir.databasePath).exec("PRAGMA user_version = 99")
        #expect(throws: SQLiteError.self) { try StoreFixtures.openStore(dir) }
    }

    @Test func errorsNameTheStatementButNotTheValues() throws {
        let dir = try TemporaryDirectory()
        let db = try SQLiteConnection(path: dir.path + "/x.db")
        do {
            try db.exec("CREATE TABLE t(a TEXT NOT NULL)")
            try db.prepare("INSERT INTO t(a) VALUES (?)").execute([.null])
            Issue.record("a NOT NULL violation must throw")
        } catch {
            #expect(error.code & 0xFF == SQLITE_CONSTRAINT)
            #expect(error.description.contains("INSERT INTO t(a) VALUES (?)"))
        }
    }
}
