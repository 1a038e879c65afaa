import CSQLite

/// A failed SQLite call: the result code, SQLite's message and the statement it was about.
/// Bound values are never part of the description (they may hold event payloads).
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (extended codes carry detail in the high bits).
    public var primaryCode: Int32 { code & 0xFF }

    public var description: String {
        var text = "SQLite error \(code) (\(String(cString: sqlite3_errstr(code)))): \(message)"
        if let sql { text += " — in: \(sql)" }
        return text
    }

    /// Conditions that clear by themselves (disk space freed, lock released, I/O recovered):
    /// the writer keeps the batch and retries instead of giving it up.
    public var isTransient: Bool {
        switch primaryCode {
        case SQLITE_FULL, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_NOMEM,
             SQLITE_READONLY, SQLITE_PROTOCOL, SQLITE_INTERRUPT:
            return true
        default:
            return false
        }
    }

    /// The `kind` label of `ucbridge_store_errors_total`.
    public var metricKind: String {
        switch primaryCode {
        case SQLITE_FULL: return "full"
        case SQLITE_BUSY, SQLITE_LOCKED: return "locked"
        case SQLITE_IOERR, SQLITE_CANTOPEN: return "io"
        case SQLITE_READONLY: return "readonly"
        case SQLITE_CORRUPT, SQLITE_NOTADB: return "corrupt"
        default: return "other"
        }
    }
}
