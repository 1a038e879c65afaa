/// The head of an HTTP/1.1 message (status or request line plus header fields), as read off a
/// raw stream during a WebSocket upgrade. Pure: bytes in, a head or a typed error out.
public struct HTTPHead: Sendable, Equatable {
    /// First line split at spaces: `HTTP/1.1`, `101`, `Switching Protocols` for a response;
    /// `GET`, `/path?query`, `HTTP/1.1` for a request.
    public var startLine: String
    public var headers: [HTTPHeaderField]

    public init(startLine: String, headers: [HTTPHeaderField]) {
        self.startLine = startLine
        self.headers = headers
    }

    /// The first value of a header, looked up case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// Every comma-separated token of every occurrence of a header, lowercased
    /// (`Connection: keep-alive, Upgrade` → ["keep-alive", "upgrade"]).
    public func tokens(_ name: String) -> [String] {
        let lower = name.lowercased()
        return headers.filter { $0.name.lowercased() == lower }.flatMap { field in
            field.value.split(separator: ",").map { $0.trimmingSpaces().lowercased() }
        }
    }

    /// Finds the end of a head (`\r\n\r\n`) in `bytes`. Returns the parsed head and how many
    /// bytes it occupied, nil when more bytes are needed, or throws when the head is malformed
    /// or longer than `limit` bytes.
    public static func parse(_ bytes: [UInt8], limit: Int = 16 * 1024) throws(WebSocketHandshakeError) -> (head: HTTPHead, length: Int)? {
        guard let end = headEnd(bytes) else {
            if bytes.count > limit { throw .headTooLarge(limit: limit) }
            return nil
        }
        guard end <= limit else { throw .headTooLarge(limit: limit) }
        // ASCII decoding replaces stray bytes instead of failing; a head with them is
        // judged by its fields like any other.
        let text = String(decoding: bytes[0..<(end - 4)], as: Unicode.ASCII.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty, !lines[0].isEmpty else { throw .malformedHead("empty start line") }
        let start = lines.removeFirst()
        var headers: [HTTPHeaderField] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .malformedHead("header line without a name: \(line.prefix(80))")
            }
            let name = String(line[..<colon])
            guard !name.contains(" "), !name.contains("\t") else {
                throw .malformedHead("header name contains whitespace: \(name.prefix(80))")
            }
            headers.append(HTTPHeaderField(name: name, value: line[line.index(after: colon)...].trimmingSpaces()))
        }
        return (HTTPHead(startLine: start, headers: headers), end)
    }

    /// Index just past the blank line that ends the head, or nil.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    /// The status code of a response head (`HTTP/1.1 101 Switching Protocols` → 101).
    public func responseStatus() throws(WebSocketHandshakeError) -> Int {
        let parts = startLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]) else {
            throw .malformedHead("not an HTTP/1.x status line: \(startLine.prefix(80))")
        }
        return code
    }
}

public struct HTTPHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
