import CCurl
import CShims
import Foundation

/// Owns one `CURL*` easy handle and what it points to (header list, body copy) for one POST
/// attempt. Reused across attempts by the dispatcher (`prepare` resets it); freed in deinit.
final class WebhookRequest {
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    /// Seconds from the `Retry-After` response header, if the receiver sent one.
    private(set) var retryAfter: Double?
    /// The outbox sequence this attempt carries (set by the dispatcher).
    var sequence: Int64 = 0
    var startedAt = Date()

    init() throws(CurlError) {
        guard let h = curl_easy_init() else { throw CurlError(code: -1, call: "curl_easy_init") }
        easy = h
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(easy)
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// Sets every option for one attempt. Header values are never logged (they may carry tokens).
    func prepare(target: WebhookTarget, headers: [String], body: [UInt8]) throws(CurlError) {
        curl_easy_reset(easy)
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        for line in headers { headerList = curl_slist_append(headerList, line) }
        retryAfter = nil
        errorBuffer[0] = 0
        let me = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_URL, string: target.url)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_POST, 1)
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_TIMEOUT_MS, max(1, Int(target.timeoutSeconds * 1000)))
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(min(target.timeoutSeconds, 10) * 1000)))
        try set(CURLOPT_SSL_VERIFYPEER, target.verifyTLS ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, target.verifyTLS ? 2 : 0)
        if let ca = target.caFile { try set(CURLOPT_CAINFO, string: ca) }
        try check(ucb_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList), "CURLOPT_HTTPHEADER")
        try check(ucb_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "CURLOPT_POSTFIELDSIZE_LARGE")
        // COPYPOSTFIELDS: libcurl keeps its own copy, so the body's lifetime is not ours to track.
        let copied = body.withUnsafeBytes { raw in
            ucb_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
        }
        try check(copied, "CURLOPT_COPYPOSTFIELDS")
        try check(ucb_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
        try check(ucb_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, { _, size, count, _ in size * count }), "CURLOPT_WRITEFUNCTION")
        try check(ucb_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, { data, size, count, user in
            guard let data, let user else { return size * count }
            let request = Unmanaged<WebhookRequest>.fromOpaque(user).takeUnretainedValue()
            request.headerLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }), "CURLOPT_HEADERFUNCTION")
        try check(ucb_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me), "CURLOPT_HEADERDATA")
    }

    /// The HTTP status of the finished transfer (0 when none was received).
    var status: Int {
        var code: Int = 0
        _ = ucb_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// libcurl's error text for a failed transfer (never contains header values).
    func errorText(_ result: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
    }

    private func headerLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        // A new status line (e.g. after 100 Continue) starts a new header block.
        if line.hasPrefix("HTTP/") { retryAfter = nil; return }
        guard let colon = line.firstIndex(of: ":"),
              line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "retry-after" else { return }
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        retryAfter = RetryAfter.parse(value, now: Date())
    }

    private func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ucb_easy_setopt_long(easy, option, value), "\(option)")
    }

    private func set(_ option: CURLoption, string: String) throws(CurlError) {
        try check(ucb_easy_setopt_string(easy, option, string), "\(option)")
    }

    private func check(_ code: CURLcode, _ call: String) throws(CurlError) {
        guard code == CURLE_OK else { throw CurlError(code: Int32(code.rawValue), call: call) }
    }
}

/// What a request needs to know about its sink, decoded once per dispatcher.
struct WebhookTarget: Sendable {
    var url: String
    var timeoutSeconds: Double
    var verifyTLS: Bool
    var caFile: String?
}
