import Foundation

/// Why a request to the daemon failed before an HTTP answer arrived.
public struct APIClientError: Error, CustomStringConvertible, Sendable {
    public var socket: String
    public var call: String
    public var errno: Int32?
    public var detail: String?

    public var description: String {
        let reason = detail ?? errno.map { String(cString: strerror($0)) } ?? "failed"
        return "\(call) \(socket): \(reason)"
    }

    /// The reason alone, e.g. "No such file or directory".
    public var reason: String { detail ?? errno.map { String(cString: strerror($0)) } ?? call }
}

public struct APIClientResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A small HTTP/1.1 client over a Unix stream socket: keep-alive requests with Content-Length
/// or chunked answers, and a streamed body for Server-Sent Events. Blocking, one thread.
public final class UnixHTTPConnection {
    public let socketPath: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Remaining bytes of the current chunk while streaming a chunked body; nil = need a size line.
    private var chunkRemaining: Int?
    private var streamChunked = false

    /// `timeoutSeconds` bounds each read and write (0 = none, for streams).
    public init(path: String, timeoutSeconds: Int = 10) throws(APIClientError) {
        socketPath = path
        guard path.utf8.count < 108 else { throw APIClientError(socket: path, call: "connect", detail: "socket path too long") }
        fd = APIListenSocket.unixStreamSocket()
        guard fd >= 0 else { throw APIClientError(socket: path, call: "socket", errno: errno) }
        if timeoutSeconds > 0 {
            var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = APIListenSocket.socketAddress(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw APIClientError(socket: path, call: "connect", errno: code)
        }
    }

    deinit { close(fd) }

    /// Sends one request and reads the whole answer; the connection stays usable afterwards.
    public func request(_ method: String, _ target: String, headers: [(String, String)] = []) throws(APIClientError) -> APIClientResponse {
        try send(method, target, headers: headers)
        var response = try readHead()
        if let length = response.headers["content-length"].flatMap(Int.init) {
            response.body = try bytes(length)
        } else if response.headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            while let chunk = try nextChunkedPiece() { response.body += chunk }
        } else {
            while try fill() {}
            response.body = Array(buffer[start...])
            start = buffer.count
        }
        return response
    }

    /// Sends a request and returns the answer's head; read the body with `nextBodyPiece()`.
    public func openStream(_ target: String, headers: [(String, String)] = []) throws(APIClientError) -> APIClientResponse {
        try send("GET", target, headers: headers + [("Accept", "text/event-stream")])
        let head = try readHead()
        streamChunked = head.headers["transfer-encoding"]?.lowercased().contains("chunked") == true
        chunkRemaining = nil
        return head
    }

    /// The next bytes of a streamed body as they arrive; nil at its end.
    public func nextBodyPiece() throws(APIClientError) -> [UInt8]? {
        if streamChunked { return try nextChunkedPiece() }
        if start < buffer.count {
            defer { buffer.removeAll(); start = 0 }
            return Array(buffer[start...])
        }
        guard try fill() else { return nil }
        defer { buffer.removeAll(); start = 0 }
        return Array(buffer[start...])
    }

    // MARK: wire

    private func send(_ method: String, _ target: String, headers: [(String, String)]) throws(APIClientError) {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: ucbridge-cli\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method == "POST" { head += "Content-Length: 0\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw APIClientError(socket: socketPath, call: "send", errno: errno)
            }
            sent += n
        }
    }

    /// Reads more into the buffer; false at end of stream.
    private func fill() throws(APIClientError) -> Bool {
        if start > 65536 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer += chunk.prefix(n)
                return true
            }
            if n == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN { throw APIClientError(socket: socketPath, call: "read", detail: "the daemon did not answer in time") }
            throw APIClientError(socket: socketPath, call: "read", errno: errno)
        }
    }

    private func line() throws(APIClientError) -> String {
        while true {
            if let i = buffer[start...].firstIndex(of: 0x0A) {
                var end = i
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let text = String(decoding: buffer[start..<end], as: UTF8.self)
                start = i + 1
                return text
            }
            guard try fill() else { throw truncated() }
        }
    }

    private func bytes(_ count: Int) throws(APIClientError) -> [UInt8] {
        while buffer.count - start < count {
            guard try fill() else { throw truncated() }
        }
        defer { start += count }
        return Array(buffer[start..<start + count])
    }

    private func readHead() throws(APIClientError) -> APIClientResponse {
        let status = try line()
        let parts = status.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
            throw APIClientError(socket: socketPath, call: "read", detail: "not an HTTP answer: \(status.prefix(60))")
        }
        var headers: [String: String] = [:]
        while true {
            let header = try line()
            if header.isEmpty { break }
            guard let colon = header.firstIndex(of: ":") else { continue }
            headers[header[..<colon].lowercased()] = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return APIClientResponse(status: code, headers: headers, body: [])
    }

    /// One piece of a chunked body, nil after the last chunk (and its trailer).
    private func nextChunkedPiece() throws(APIClientError) -> [UInt8]? {
        if chunkRemaining == nil {
            let sizeLine = try line()
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                throw APIClientError(socket: socketPath, call: "read", detail: "bad chunk size \(sizeLine.prefix(20))")
            }
            if size == 0 {
                while try !line().isEmpty {}
                return nil
            }
            chunkRemaining = size
        }
        if start >= buffer.count { guard try fill() else { throw truncated() } }
        let take = min(chunkRemaining!, buffer.count - start)
        let piece = Array(buffer[start..<start + take])
        start += take
        chunkRemaining! -= take
        if chunkRemaining == 0 {
            _ = try line()
            chunkRemaining = nil
        }
        return piece
    }

    private func truncated() -> APIClientError {
        APIClientError(socket: socketPath, call: "read", detail: "the daemon closed the connection mid-answer")
    }
}
