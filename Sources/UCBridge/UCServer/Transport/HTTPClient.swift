import CCurl
import CShims

/// An HTTP response as a blocking request returns it.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header fields of the final response, in order.
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeaderField], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        HTTPHead(startLine: "", headers: headers).header(name)
    }

    /// The body as text, for error messages (invalid UTF-8 is replaced, never fatal).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// One-shot blocking HTTP requests for the few calls made before the WebSocket exists
/// (UCConnect discovery, createsession). Webhook delivery uses its own multi-handle client.
public enum HTTPClient {
    /// Largest response body accepted; createsession and discovery answers are tiny.
    public static let maxBodyBytes = 1024 * 1024

    /// Runs one request on the calling thread. `headers` are `(name, value)` pairs; a
    /// non-2xx status is not an error here, only transport failures throw.
    public static func request(
        method: String, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
        timeout: Double, tls: TLSConfig = TLSConfig()
    ) throws(CurlError) -> HTTPResponse {
        let easy = try CurlEasy()
        try easy.setURL(url)
        try easy.apply(tls)
        try easy.setTimeouts(total: timeout, connect: timeout)
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        // An empty `Expect:` stops libcurl from waiting for `100 Continue` on larger bodies.
        var lines = headers.map { "\($0.0): \($0.1)" }
        lines.append("Expect:")
        try easy.setHeaders(lines)
        switch method {
        case "GET": try easy.set(CURLOPT_HTTPGET, 1)
        case "HEAD": try easy.set(CURLOPT_NOBODY, 1)
        default: try easy.set(CURLOPT_CUSTOMREQUEST, method)
        }
        if let body {
            try easy.set(CURLOPT_POSTFIELDSIZE, body.count)
            // COPYPOSTFIELDS copies the bytes, so the array need not outlive this call.
            var bytes = body.isEmpty ? [0] : body
            let rc = bytes.withUnsafeMutableBytes { ucb_easy_setopt_pointer(easy.handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            try easy.check(rc)
        }

        let collector = ResponseCollector(limit: maxBodyBytes)
        let context = Unmanaged.passUnretained(collector).toOpaque()
        try easy.check(ucb_easy_setopt_write_function(easy.handle, CURLOPT_WRITEFUNCTION, collectBody))
        try easy.check(ucb_easy_setopt_pointer(easy.handle, CURLOPT_WRITEDATA, context))
        try easy.check(ucb_easy_setopt_write_function(easy.handle, CURLOPT_HEADERFUNCTION, collectHeader))
        try easy.check(ucb_easy_setopt_pointer(easy.handle, CURLOPT_HEADERDATA, context))
        do {
            try withExtendedLifetime(collector) { () throws(CurlError) in try easy.perform() }
        } catch {
            if collector.overflowed {
                throw CurlError(code: error.code, message: "response body exceeds \(maxBodyBytes) bytes", url: url)
            }
            throw error
        }
        return HTTPResponse(status: easy.responseCode(), headers: collector.headers, body: collector.body)
    }
}

/// Receives libcurl's callbacks during one `perform`.
private final class ResponseCollector {
    let limit: Int
    var body: [UInt8] = []
    var headers: [HTTPHeaderField] = []
    var overflowed = false

    init(limit: Int) { self.limit = limit }

    func header(_ line: String) {
        // A new status line starts a new response (e.g. after `100 Continue`).
        if line.hasPrefix("HTTP/") { headers = []; return }
        guard let colon = line.firstIndex(of: ":") else { return }
        headers.append(HTTPHeaderField(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingSpaces()))
    }
}

private let collectBody: ucb_write_callback = { ptr, size, count, userdata in
    guard let ptr, let userdata else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    guard collector.body.count + n <= collector.limit else {
        collector.overflowed = true
        return 0
    }
    ptr.withMemoryRebound(to: UInt8.self, capacity: n) { collector.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
    return n
}

private let collectHeader: ucb_write_callback = { ptr, size, count, userdata in
    guard let ptr, let userdata else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    let line = ptr.withMemoryRebound(to: UInt8.self, capacity: n) {
        String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self)
    }
    collector.header(line.trimmingCharacters(in: "\r\n"))
    return n
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
