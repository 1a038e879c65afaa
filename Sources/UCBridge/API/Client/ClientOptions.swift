import Foundation

/// A command-line mistake: printed with the command's usage line, exit status 2.
public struct ClientUsageError: Error, Sendable {
    public var message: String
}

/// The parsed arguments of one client command. Every command takes `--socket PATH`, `--json`
/// and `--config PATH` (read by the caller to find `api.socket`; ignored here).
struct ClientOptions {
    var socket: String
    var json = false
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    /// `valued` options take a value (`--since T` or `--since=T`); `switches` do not.
    init(_ args: [String], defaultSocket: String, valued: Set<String> = [], switches: Set<String> = [],
         maxPositional: Int = 0) throws(ClientUsageError) {
        socket = defaultSocket
        var i = 0
        func value(_ name: String, _ inline: String?) throws(ClientUsageError) -> String {
            if let inline { return inline }
            i += 1
            guard i < args.count else { throw ClientUsageError(message: "\(name) needs a value") }
            return args[i]
        }
        var onlyPositional = false
        while i < args.count {
            let arg = args[i]
            if onlyPositional || !arg.hasPrefix("--") || arg == "-" {
                positional.append(arg)
            } else if arg == "--" {
                onlyPositional = true
            } else {
                let parts = arg.split(separator: "=", maxSplits: 1)
                let name = String(parts[0])
                let inline = parts.count > 1 ? String(parts[1]) : nil
                switch name {
                case "--socket": socket = try value(name, inline)
                case "--config": _ = try value(name, inline)
                case "--json": json = true
                default:
                    if valued.contains(name) {
                        values[name] = try value(name, inline)
                    } else if switches.contains(name) {
                        flags.insert(name)
                    } else {
                        throw ClientUsageError(message: "unknown option \(name)")
                    }
                }
            }
            i += 1
        }
        if positional.count > maxPositional {
            throw ClientUsageError(message: "unexpected argument \(positional[maxPositional])")
        }
    }

    func int(_ name: String, range: ClosedRange<Int64>) throws(ClientUsageError) -> Int64? {
        guard let text = values[name] else { return nil }
        guard let n = Int64(text), range.contains(n) else {
            throw ClientUsageError(message: "\(name): expected an integer \(range.lowerBound)..\(range.upperBound), got \(text)")
        }
        return n
    }
}

/// Percent-encodes a path segment or query value (RFC 3986 unreserved characters stay).
func urlEncode(_ s: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~*")
    return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
}
