import CSystemd
import Foundation

/// Log severity, ordered; names are the config's `log.level` values.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case debug = 7, info = 6, notice = 5, warning = 4, error = 3

    public init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "notice": self = .notice
        case "warning", "warn": self = .warning
        case "error": self = .error
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .debug: return "debug"
        case .info: return "info"
        case .notice: return "notice"
        case .warning: return "warning"
        case .error: return "error"
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue > b.rawValue }
}

/// Where log lines go: journald with structured fields under systemd, stderr otherwise.
public final class LogSink: @unchecked Sendable {
    public enum Destination: Sendable { case journald, stderr }
    public let destination: Destination
    private let lock = NSLock()
    private var _level: LogLevel

    public init(level: LogLevel, destination: Destination? = nil) {
        _level = level
        if let destination {
            self.destination = destination
        } else {
            // JOURNAL_STREAM is set by systemd when stderr is connected to the journal.
            self.destination = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil ? .journald : .stderr
        }
    }

    public var level: LogLevel {
        get { lock.withLock { _level } }
        set { lock.withLock { _level = newValue } }
    }

    func emit(_ level: LogLevel, _ label: String, _ message: String, _ metadata: [String: String]) {
        switch destination {
        case .journald:
            var fields = ["MESSAGE=\(message)", "PRIORITY=\(level.rawValue)", "SYSLOG_IDENTIFIER=ucbridge", "UCBRIDGE_COMPONENT=\(label)"]
            for (k, v) in metadata.sorted(by: { $0.key < $1.key }) {
                let key = k.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
                fields.append("UCBRIDGE_\(String(key))=\(v)")
            }
            Self.journalSend(fields)
        case .stderr:
            var line = "\(Self.timestamp()) \(level.name.uppercased()) [\(label)] \(message)"
            for (k, v) in metadata.sorted(by: { $0.key < $1.key }) { line += " \(k)=\(v.contains(" ") ? "\"\(v)\"" : v)" }
            line += "\n"
            lock.withLock { FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    private static func journalSend(_ fields: [String]) {
        let cStrings = fields.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var iov = cStrings.map { iovec(iov_base: UnsafeMutableRawPointer($0), iov_len: strlen($0!)) }
        _ = sd_journal_sendv(&iov, Int32(iov.count))
    }

    private static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tm = tm()
        gmtime_r(&t, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, Int(tv.tv_usec / 1000))
    }
}

/// A logger is a value: a component label plus metadata, writing to one shared sink.
/// Messages are autoclosures so that a filtered-out debug line costs nothing.
/// Never pass a secret (password, token, webhook secret) in a message or metadata.
public struct Logger: Sendable {
    public let label: String
    public let sink: LogSink
    public var metadata: [String: String]

    public init(label: String, sink: LogSink, metadata: [String: String] = [:]) {
        self.label = label
        self.sink = sink
        self.metadata = metadata
    }

    public func with(_ label: String) -> Logger { Logger(label: label, sink: sink, metadata: metadata) }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        guard level >= sink.level else { return }
        sink.emit(level, label, message(), self.metadata.merging(metadata(), uniquingKeysWith: { $1 }))
    }

    public func debug(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) { log(.debug, m(), md()) }
    public func info(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) { log(.info, m(), md()) }
    public func notice(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) { log(.notice, m(), md()) }
    public func warning(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) { log(.warning, m(), md()) }
    public func error(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) { log(.error, m(), md()) }

    /// For tests and tools that do not care about logs.
    public static let discard = Logger(label: "discard", sink: LogSink(level: .error, destination: .stderr))
}
