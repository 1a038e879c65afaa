/// Why a configuration could not be used. "Missing" (no file at the path) is kept apart from
/// "invalid" (the file is there but wrong), as tailscale's conffile does, so `ucbridge run`
/// can tell the admin which of the two to fix. One error can carry several problems: the
/// loader reports everything it finds, ordered by position, not just the first.
///
/// Messages never contain secret values (passwords, tokens, `whsec_` secrets, header values).
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// The config file itself does not exist.
        case missing(path: String)
        /// Something at `file:line:column` (1-based) is wrong.
        case invalid(path: String, line: Int, column: Int, message: String)

        public var description: String {
            switch self {
            case .missing(let path):
                return "\(path): no such file; create it or pass --config PATH"
            case .invalid(let path, let line, let column, let message):
                return "\(path):\(line):\(column): \(message)"
            }
        }

        var position: (line: Int, column: Int) {
            switch self {
            case .missing: return (0, 0)
            case .invalid(_, let line, let column, _): return (line, column)
            }
        }
    }

    /// Every problem found, ordered by position in the file.
    public let problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems.enumerated().sorted { a, b in
            let pa = a.element.position, pb = b.element.position
            if pa.line != pb.line { return pa.line < pb.line }
            if pa.column != pb.column { return pa.column < pb.column }
            return a.offset < b.offset
        }.map(\.element)
    }

    public static func missing(_ path: String) -> ConfigError {
        ConfigError(problems: [.missing(path: path)])
    }

    public static func invalid(_ path: String, _ line: Int, _ column: Int, _ message: String) -> ConfigError {
        ConfigError(problems: [.invalid(path: path, line: line, column: column, message: message)])
    }

    /// True when the config file does not exist at all (as opposed to being wrong).
    public var isMissing: Bool {
        problems.contains { if case .missing = $0 { return true } else { return false } }
    }

    /// One problem per line, each `file:line:column: message`.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
