import CCurl
import CShims
import Foundation

/// Owns one `CURL*` easy handle and the header list attached to it; both are freed in
/// `deinit`. Not thread-safe: one handle is used by one thread at a time (libcurl's rule).
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// The URL as given, for error messages (redacted by `CurlError`).
    private(set) var url = ""
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes its detailed error text here during a transfer; allocated, not an
    /// array, because libcurl keeps the address for the handle's lifetime.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(CurlError) {
        CurlGlobal.initialize()
        guard let h = curl_easy_init() else {
            throw CurlError(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed", url: "")
        }
        handle = h
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try check(ucb_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        // Signals are unsafe in a threaded daemon; libcurl must not use SIGALRM for timeouts.
        try check(ucb_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
    }

    deinit {
        curl_easy_cleanup(handle)
        if let list = headerList { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    func check(_ rc: CURLcode) throws(CurlError) {
        guard rc != CURLE_OK else { return }
        let detail = String(cString: errorBuffer)
        errorBuffer[0] = 0
        throw CurlError(rc, detail: detail, url: url)
    }

    func setURL(_ url: String) throws(CurlError) {
        self.url = url
        try check(ucb_easy_setopt_string(handle, CURLOPT_URL, url))
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ucb_easy_setopt_long(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(ucb_easy_setopt_string(handle, option, value))
    }

    func setTimeouts(total: Double?, connect: Double) throws(CurlError) {
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(connect * 1000)))
        if let total { try set(CURLOPT_TIMEOUT_MS, max(1, Int(total * 1000))) }
    }

    /// Verification stays on unless the config explicitly turns it off.
    func apply(_ tls: TLSConfig) throws(CurlError) {
        try set(CURLOPT_SSL_VERIFYPEER, tls.verify ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, tls.verify ? 2 : 0)
        if let ca = tls.caFile { try set(CURLOPT_CAINFO, ca) }
    }

    /// Replaces the request headers (`Name: value` lines).
    func setHeaders(_ lines: [String]) throws(CurlError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let next = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                throw CurlError(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "cannot build the header list", url: url)
            }
            list = next
        }
        try check(ucb_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        if let old = headerList { curl_slist_free_all(old) }
        headerList = list
    }

    func perform() throws(CurlError) {
        errorBuffer[0] = 0
        try check(curl_easy_perform(handle))
    }

    func responseCode() -> Int {
        var code = 0
        _ = ucb_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// The connected socket of a `CURLOPT_CONNECT_ONLY` transfer.
    func activeSocket() throws(CurlError) -> Int32 {
        var fd: curl_socket_t = -1
        try check(ucb_easy_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &fd))
        guard fd != -1 else {
            throw CurlError(code: Int(CURLE_COULDNT_CONNECT.rawValue), message: "no connected socket", url: url)
        }
        return fd
    }

    /// Raw send on a CONNECT_ONLY connection; nil means "would block, poll for POLLOUT".
    func send(_ bytes: UnsafeRawBufferPointer) throws(CurlError) -> Int? {
        var sent = 0
        let rc = curl_easy_send(handle, bytes.baseAddress, bytes.count, &sent)
        if rc == CURLE_AGAIN { return nil }
        try check(rc)
        return sent
    }

    /// Raw receive on a CONNECT_ONLY connection; nil means "nothing buffered, poll for POLLIN";
    /// 0 means the peer closed the stream.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(CurlError) -> Int? {
        var got = 0
        let rc = curl_easy_recv(handle, buffer.baseAddress, buffer.count, &got)
        if rc == CURLE_AGAIN { return nil }
        try check(rc)
        return got
    }
}

/// `curl_global_init` must run once before any handle exists, and is not thread-safe itself.
enum CurlGlobal {
    private static let once: Void = {
        _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    static func initialize() { once }
}
