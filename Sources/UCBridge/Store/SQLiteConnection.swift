import CSQLite
import Foundation

/// How a transaction body ends: committed or rolled back (never a Bool).
public enum TransactionCompletion: Sendable {
    case commit
    case rollback
}

/// Owns one `sqlite3*` and closes it in `deinit`. Not Sendable: a connection lives on one
/// thread (the writer thread, or the thread that made a `StoreReader`).
public final class SQLiteConnection {
    let handle: OpaquePointer
    public let path: String
    private var statementCache: [String: SQLiteStatement] = [:]

    /// Opens (and with `SQLITE_OPEN_CREATE`, creates) the database at `path`.
    public init(path: String, flags: Int32 = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, busyTimeoutMilliseconds: Int32 = 5000) throws(SQLiteError) {
        var db: OpaquePointer?
        // NOMUTEX: each connection is confined to one thread, SQLite's own mutex buys nothing.
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard let db else { throw SQLiteError(code: rc, message: "cannot allocate a connection for \(path)") }
        guard rc == SQLITE_OK else {
            let error = SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(db)) + " (\(path))")
            sqlite3_close_v2(db)
            throw error
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        try check(sqlite3_busy_timeout(db, busyTimeoutMilliseconds))
    }

    deinit {
        statementCache.removeAll()
        // close_v2 defers the close until every statement still referenced elsewhere is finalized.
        sqlite3_close_v2(handle)
    }

    /// The one place return codes turn into errors.
    @discardableResult
    public func check(_ rc: Int32, sql: String? = nil) throws(SQLiteError) -> Int32 {
        switch rc & 0xFF {
        case SQLITE_OK, SQLITE_ROW, SQLITE_DONE: return rc
        default: throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
    }

    /// Runs one or more statements without results (DDL, PRAGMA, BEGIN/COMMIT).
    public func exec(_ sql: String) throws(SQLiteError) {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), sql: sql)
    }

    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        try SQLiteStatement(connection: self, sql: sql)
    }

    /// A prepared statement kept for reuse on this connection (hot paths prepare once).
    public func cached(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction. `.commit` commits; `.rollback` or a thrown error rolls back
    /// (the error is rethrown). IMMEDIATE takes the write lock up front so a busy database
    /// fails at BEGIN, not halfway through.
    public func transaction(immediate: Bool = true, _ body: () throws -> TransactionCompletion) throws {
        try exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        let completion: TransactionCompletion
        do {
            completion = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        switch completion {
        case .commit:
            do {
                try exec("COMMIT")
            } catch {
                rollbackQuietly()
                throw error
            }
        case .rollback:
            try exec("ROLLBACK")
        }
    }

    /// A failed COMMIT may already have rolled back; only roll back what is still open.
    private func rollbackQuietly() {
        if isInTransaction { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
    }

    /// The single value of a one-row, one-column query (PRAGMA reads, counts).
    public func scalarInt(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(values)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    public func scalarText(_ sql: String) throws(SQLiteError) -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.string(0)
    }
}

@available(*, unavailable)
extension SQLiteConnection: Sendable {}
