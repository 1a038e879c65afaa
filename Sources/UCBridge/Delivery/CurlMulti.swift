import CCurl
import CShims
import Foundation

/// A libcurl error from the multi interface or from setting an option; carries no URL or header value.
public struct CurlError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var call: String
    public var description: String { "\(call) failed with libcurl code \(code)" }
}

/// Owns one `CURLM*`: the connection pool of one sink (keep-alive, HTTP/2 multiplexing).
/// Everything except `wakeup()` is called on the sink's dispatcher thread only.
final class CurlMulti: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    /// `libcurl` must be initialised once per process before threads use it.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    init(maxHostConnections: Int) throws(CurlError) {
        guard Self.globalInit == CURLE_OK else { throw CurlError(code: Int32(Self.globalInit.rawValue), call: "curl_global_init") }
        guard let h = curl_multi_init() else { throw CurlError(code: -1, call: "curl_multi_init") }
        handle = h
        // One connection per request in flight; on HTTP/2 they multiplex over one connection.
        try check(ucb_multi_setopt_long(h, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxHostConnections)), "CURLMOPT_MAX_HOST_CONNECTIONS")
        try check(ucb_multi_setopt_long(h, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX), "CURLMOPT_PIPELINING")
        try check(ucb_multi_setopt_long(h, CURLMOPT_MAXCONNECTS, max(4, maxHostConnections * 2)), "CURLMOPT_MAXCONNECTS")
    }

    deinit { curl_multi_cleanup(handle) }

    func add(_ request: WebhookRequest) throws(CurlError) {
        try check(curl_multi_add_handle(handle, request.easy), "curl_multi_add_handle")
    }

    /// Removing a handle mid-transfer aborts it (used on stop and when a sink is disabled).
    func remove(_ request: WebhookRequest) {
        _ = curl_multi_remove_handle(handle, request.easy)
    }

    /// Drives all transfers as far as they go without blocking.
    func perform() throws(CurlError) {
        var running: Int32 = 0
        try check(curl_multi_perform(handle, &running), "curl_multi_perform")
    }

    /// Waits for socket activity, `wakeup()` or the timeout, whichever is first.
    func poll(timeoutMilliseconds: Int32) throws(CurlError) {
        var fds: Int32 = 0
        try check(curl_multi_poll(handle, nil, 0, timeoutMilliseconds, &fds), "curl_multi_poll")
    }

    /// Thread-safe: interrupts a `poll` in progress (or makes the next one return at once).
    func wakeup() {
        _ = curl_multi_wakeup(handle)
    }

    /// The next finished transfer: its easy handle and libcurl's result code.
    func nextFinished() -> (easy: UnsafeMutableRawPointer, result: CURLcode)? {
        var left: Int32 = 0
        while let msg = curl_multi_info_read(handle, &left) {
            if msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle {
                return (easy, msg.pointee.data.result)
            }
        }
        return nil
    }

    private func check(_ code: CURLMcode, _ call: String) throws(CurlError) {
        guard code == CURLM_OK else { throw CurlError(code: Int32(code.rawValue), call: call) }
    }
}
