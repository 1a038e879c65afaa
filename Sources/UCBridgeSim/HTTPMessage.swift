import Foundation
import UCBridge

/// One HTTP/1.1 request as the simulator needs it: method, path, decoded query, headers, body.
public struct HTTPRequest: Sendable {
    public var method: String
    public var target: String
    public var path: String
    public var query: [String: String]
    public var headers: [(String, String)]
    public var body: [UInt8]

    /// Header lookup ignoring case; the first occurrence wins.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }

    /// True when a comma-separated header (`Connection: keep-alive, Upgrade`) lists `token`.
    public func headerHasToken(_ name: String, _ token: String) -> Bool {
        guard let value = header(name) else { return false }
        return value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == token.lowercased() }
    }

    public var keepAlive: Bool { !headerHasToken("Connection", "close") }
}

public enum HTTPParseError: Error, Equatable, Sendable {
    case malformedRequestLine
    case malformedHeader
    case headerTooLarge
    case bodyTooLarge
    case unsupportedTransferEncoding
}

/// Incremental request parser: append bytes, take complete requests. Pure (no sockets).
/// Bytes after a request stay buffered: after an Upgrade they are the first WebSocket frames.
public struct HTTPRequestParser: Sendable {
    public var maxHeaderBytes = 64 * 1024
    public var maxBodyBytes = 4 * 1024 * 1024
    private(set) public var buffer: [UInt8] = []

    public init() {}

    public mutating func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    /// Removes and returns what is buffered (after the upgrade request).
    public mutating func takeRemainder() -> [UInt8] {
        defer { buffer = [] }
        return buffer
    }

    public mutating func next() throws(HTTPParseError) -> HTTPRequest? {
        guard let end = Self.headerEnd(buffer) else {
            if buffer.count > maxHeaderBytes { throw .headerTooLarge }
            return nil
        }
        guard let head = String(validating: buffer[0..<end], as: UTF8.self) else { throw .malformedHeader }
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { throw .malformedRequestLine }
        var headers: [(String, String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedHeader }
            headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                            String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        var request = HTTPRequest(method: String(requestLine[0]), target: String(requestLine[1]), path: "", query: [:], headers: headers, body: [])
        if request.header("Transfer-Encoding") != nil { throw .unsupportedTransferEncoding }
        let length = Int(request.header("Content-Length") ?? "0") ?? -1
        guard length >= 0 else { throw .malformedHeader }
        guard length <= maxBodyBytes else { throw .bodyTooLarge }
        let bodyStart = end + 4
        guard buffer.count >= bodyStart + length else { return nil }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        (request.path, request.query) = Self.splitTarget(request.target)
        return request
    }

    static func headerEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }

    static func splitTarget(_ target: String) -> (String, [String: String]) {
        guard let q = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(kv[0]))
            query[key] = kv.count > 1 ? decode(String(kv[1])) : ""
        }
        return (String(target[..<q]), query)
    }

    private static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }
}

/// A response the simulator writes; always with Content-Length.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: value.jsonBytes)
    }

    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    public func serialized(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if status != 101 {
            head += "Content-Length: \(body.count)\r\n"
            head += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 101: return "Switching Protocols"
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 426: return "Upgrade Required"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
