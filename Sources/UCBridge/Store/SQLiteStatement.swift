import CSQLite

/// A value bound to a statement parameter.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public static func text(orNull s: String?) -> SQLiteValue { s.map { .text($0) } ?? .null }
    public static func integer(orNull i: Int64?) -> SQLiteValue { i.map { .integer($0) } ?? .null }
}

/// Owns one `sqlite3_stmt*`; finalized in `deinit`. Keeps its connection alive.
public final class SQLiteStatement {
    let handle: OpaquePointer
    let connection: SQLiteConnection
    public let sql: String

    /// `SQLITE_TRANSIENT` is a macro Swift cannot import: SQLite copies the bytes before returning.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(connection: SQLiteConnection, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        try connection.check(sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil), sql: sql)
        guard let statement else { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", sql: sql) }
        handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: binding (1-based indexes, like SQLite)

    public func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    public func bind(_ value: Double, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_double(handle, index, value))
    }

    public func bind(_ value: String, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_text(handle, index, value, -1, Self.transient))
    }

    public func bind(blob value: [UInt8], at index: Int32) throws(SQLiteError) {
        let rc = value.withUnsafeBytes { raw in
            // A zero-length blob still needs a non-nil pointer to be a blob rather than NULL.
            sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), Self.transient)
        }
        try check(rc)
    }

    public func bindNull(at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, index))
    }

    public func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .null: try bindNull(at: index)
        case let .integer(i): try bind(i, at: index)
        case let .real(d): try bind(d, at: index)
        case let .text(s): try bind(s, at: index)
        case let .blob(b): try bind(blob: b, at: index)
        }
    }

    /// Resets the statement and binds `values` to parameters 1...n.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        reset()
        for (i, value) in values.enumerated() { try bind(value, at: Int32(i + 1)) }
    }

    // MARK: stepping

    /// True when a row is available, false when done.
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        try check(rc)
        return false
    }

    /// Binds, runs to completion, and returns the number of rows changed.
    @discardableResult
    public func execute(_ values: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        try bind(values)
        while try step() {}
        let changed = connection.changes
        reset()
        return changed
    }

    /// Binds, then maps every row.
    public func query<T>(_ values: [SQLiteValue] = [], _ row: (SQLiteStatement) throws -> T) throws -> [T] {
        try bind(values)
        defer { reset() }
        var rows: [T] = []
        while try step() { rows.append(try row(self)) }
        return rows
    }

    /// Clears the statement for another run; bindings are replaced by the next `bind`.
    public func reset() {
        // The step error, if any, was already reported by step().
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: columns (0-based indexes, like SQLite)

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    public func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    public func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    public func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    private func check(_ rc: Int32) throws(SQLiteError) {
        try connection.check(rc, sql: sql)
    }
}

@available(*, unavailable)
extension SQLiteStatement: Sendable {}
