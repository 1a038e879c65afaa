import CSQLite
import Foundation

/// Versioned schema. `PRAGMA user_version` holds the number of migrations applied; a new
/// version appends a migration, it never edits an old one.
enum StoreSchema {
    /// The `events` table exactly as ingest writes it (the raw ingest baseline copies this DDL).
    static let eventsDDL = """
        CREATE TABLE events (
            sequence INTEGER PRIMARY KEY,
            id       TEXT NOT NULL UNIQUE,
            type     TEXT NOT NULL,
            subject  TEXT,
            time     INTEGER NOT NULL,  -- ms since 1970, UTC
            body     BLOB NOT NULL,     -- the CloudEvents JSON, sequence included, data.raw excluded
            raw      TEXT               -- the original ROSE argument, for sinks with include_raw
        );
        """

    static let migrations: [String] = [
        // 1: outbox, current state, delivery bookkeeping.
        eventsDDL + """
        CREATE TABLE presence (
            contact    TEXT PRIMARY KEY,
            data       TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE calls (
            connection_id TEXT PRIMARY KEY,
            line          TEXT,
            active        INTEGER NOT NULL,
            data          TEXT NOT NULL,
            updated_at    INTEGER NOT NULL
        );
        CREATE INDEX calls_active ON calls(active, updated_at);
        CREATE TABLE lines (
            uri  TEXT PRIMARY KEY,
            data TEXT NOT NULL
        );
        CREATE TABLE journal (
            connection_id  TEXT PRIMARY KEY,
            transaction_id INTEGER,
            started_at     INTEGER,
            data           TEXT NOT NULL
        );
        CREATE INDEX journal_started_at ON journal(started_at);
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE sink_cursors (
            sink   TEXT PRIMARY KEY,
            cursor INTEGER NOT NULL
        );
        CREATE TABLE dead_letters (
            id               INTEGER PRIMARY KEY,
            sink             TEXT NOT NULL,
            sequence         INTEGER NOT NULL,
            event_id         TEXT NOT NULL,
            type             TEXT NOT NULL,
            subject          TEXT,
            attempts         INTEGER NOT NULL,
            last_status      INTEGER,
            last_error       TEXT NOT NULL,
            first_attempt_at INTEGER NOT NULL,
            dead_at          INTEGER NOT NULL,
            state            TEXT NOT NULL DEFAULT 'dead'
        );
        CREATE INDEX dead_letters_sink_state ON dead_letters(sink, state);
        """,
    ]

    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Applies the migrations the file has not seen yet, each in its own transaction together
    /// with its `user_version` bump. Opening an up-to-date database changes nothing.
    static func migrate(_ db: SQLiteConnection) throws {
        let version = try db.scalarInt("PRAGMA user_version") ?? 0
        guard version <= currentVersion else {
            throw SQLiteError(code: SQLITE_ERROR, message: "database schema version \(version) is newer than this ucbridge understands (\(currentVersion)); refusing to touch it")
        }
        for index in Int(version)..<migrations.count {
            try db.transaction {
                try db.exec(migrations[index])
                try db.exec("PRAGMA user_version = \(index + 1)")
                return .commit
            }
        }
    }
}

/// Creates the database's directory (0750) and file (0640) before SQLite opens it, so the
/// outbox is never world-readable whatever the umask. SQLite gives -wal/-shm the file's mode.
enum StoreFile {
    static func prepare(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        }
        if !FileManager.default.fileExists(atPath: path) {
            let fd = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o640)
            if fd >= 0 {
                fchmod(fd, 0o640)  // undo a restrictive or permissive umask alike
                close(fd)
            } else if errno != EEXIST {
                throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot create \(path): \(String(cString: strerror(errno)))")
            }
        }
    }
}
