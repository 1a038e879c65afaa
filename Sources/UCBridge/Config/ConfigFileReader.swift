import Foundation
import Glibc

/// Reads the small files a config points at (the config itself, `*_file` secrets, the contacts
/// file) with a size bound, and says why when it cannot: the admin needs "Permission denied"
/// versus "No such file or directory" to fix it.
enum ConfigFileReader {
    enum Failure: Error, Equatable {
        case notFound
        case unreadable(String)
        case tooLarge(limit: Int)

        var reason: String {
            switch self {
            case .notFound: return "No such file or directory"
            case .unreadable(let reason): return reason
            case .tooLarge(let limit): return "larger than \(limit) bytes"
            }
        }
    }

    static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw .notFound }
            throw .unreadable(String(cString: strerror(code)))
        }
        defer { _ = Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { throw .tooLarge(limit: limit) }
        }
    }

    /// A one-value file (password, token): UTF-8, trailing line breaks removed.
    static func readValue(_ path: String) throws(Failure) -> String {
        var text = String(decoding: try read(path, limit: 64 * 1024), as: UTF8.self)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        return text
    }

    /// Non-blank lines that do not start with `#`, trimmed, with their 1-based line numbers.
    static func entries(_ text: String) -> [(line: Int, text: String)] {
        var result: [(Int, String)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            result.append((i + 1, line))
        }
        return result
    }
}
