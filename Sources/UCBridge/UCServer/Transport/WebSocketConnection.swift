import CCurl
import Foundation

/// A client WebSocket over a libcurl `CONNECT_ONLY` stream (TLS, proxies and certificate checks
/// are libcurl's; the upgrade and the framing are ours).
///
/// One thread owns it: `connect`, `send`, `sendPing`, `receive` and `close` must all be called
/// from that thread. Only `enqueue(text:)` and `wake()` may be called from other threads; they
/// interrupt a waiting `receive`, which sends the queued text before it waits again.
public final class WebSocketConnection: @unchecked Sendable {
    public enum State: Sendable, Equatable { case idle, open, closing, closed }

    /// Cross-thread part: queued outgoing text and the wakeup pipe, guarded by `lock`.
    private let lock = NSLock()
    private var queued: [String] = []
    private let wakeup: WakeupSignal

    // Owning thread only.
    var easy: CurlEasy?
    var socket: Int32 = -1
    var decoder = WebSocketFrameDecoder(role: .client, maxFrameSize: 0)
    var assembler = WebSocketMessageAssembler(maxMessageSize: 0)
    let encoder: WebSocketFrameEncoder
    var closeSent = false
    public internal(set) var state: State = .idle
    /// Pings the server sent that we answered: a sign of life even when no message arrives.
    public internal(set) var pingsAnswered = 0
    /// How long a blocked send may wait for the socket before the connection counts as lost.
    public var sendTimeout: Double = 10
    /// URL of the current connection, for messages (redacted where printed).
    public private(set) var url = ""

    public init(encoder: WebSocketFrameEncoder = WebSocketFrameEncoder(role: .client)) throws(SystemCallError) {
        wakeup = try WakeupSignal()
        self.encoder = encoder
    }

    deinit { teardown() }

    /// Connects and performs the upgrade. Text queued before is dropped: it belonged to an
    /// earlier connection. Throws `WebSocketConnectionError`; `isNotFound` tells the caller to
    /// try the alternative path.
    public func connect(url: String, tls: TLSConfig = TLSConfig(), timeout: Double, maxMessageBytes: Int) throws(WebSocketConnectionError) {
        teardown()
        lock.withLock { queued.removeAll() }
        self.url = url
        let target: WebSocketURL
        do { target = try WebSocketURL(url) } catch { throw .invalidURL(error) }
        let deadline = Deadline(seconds: timeout)
        do {
            let easy = try CurlEasy()
            try easy.setURL(target.httpURL)
            try easy.set(CURLOPT_CONNECT_ONLY, 1)
            // h2 (offered through ALPN by Debian's libcurl) cannot carry an Upgrade request.
            try easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
            // Through an HTTP proxy the stream must be a CONNECT tunnel, not a proxied request.
            try easy.set(CURLOPT_HTTPPROXYTUNNEL, 1)
            try easy.apply(tls)
            try easy.setTimeouts(total: nil, connect: timeout)
            try easy.perform()
            socket = try easy.activeSocket()
            self.easy = easy
        } catch {
            teardown()
            if error.code == Int(CURLE_OPERATION_TIMEDOUT.rawValue) { throw .timeout("connecting to \(error.url)") }
            throw .connectFailed(error)
        }
        decoder = WebSocketFrameDecoder(role: .client, maxFrameSize: maxMessageBytes)
        assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageBytes)
        closeSent = false
        do {
            try upgrade(target: target, deadline: deadline)
        } catch {
            teardown()
            throw error
        }
        state = .open
    }

    private func upgrade(target: WebSocketURL, deadline: Deadline) throws(WebSocketConnectionError) {
        let key = WebSocketHandshake.makeKey()
        try writeAll(WebSocketHandshake.clientRequest(host: target.authority, target: target.target, key: key), deadline: deadline)
        var received: [UInt8] = []
        var parsed: (head: HTTPHead, length: Int)?
        while parsed == nil {
            do { parsed = try HTTPHead.parse(received, limit: WebSocketHandshake.maxHeadBytes) } catch { throw .handshakeFailed(error) }
            if parsed != nil { break }
            guard try readInto(&received, until: deadline) else {
                throw .connectionLost("the server closed the connection before answering the upgrade")
            }
        }
        guard let (head, length) = parsed else { return }
        var rest = Array(received[length...])
        let status: Int
        do { status = try head.responseStatus() } catch { throw .handshakeFailed(error) }
        if status != 101 {
            // Collect a little of the refusal's body for the error; never wait long for it.
            let wanted = min(Int(head.header("Content-Length") ?? "") ?? 512, 512)
            let bodyDeadline = Deadline(seconds: min(1, deadline.remainingSeconds))
            while rest.count < wanted, (try? readInto(&rest, until: bodyDeadline)) == true {}
        }
        do {
            try WebSocketHandshake.verify(response: head, key: key, body: rest)
        } catch {
            throw .handshakeFailed(error)
        }
        decoder.append(rest)
    }

    /// Thread-safe: queues a text message for the owning thread and interrupts its `receive`.
    public func enqueue(text: String) {
        lock.withLock { queued.append(text) }
        wakeup.signal()
    }

    /// Thread-safe: makes a waiting `receive` return nil early (e.g. to stop the session).
    public func wake() { wakeup.signal() }

    func takeQueued() -> [String] {
        lock.withLock {
            let all = queued
            queued.removeAll()
            return all
        }
    }

    var hasQueuedText: Bool { lock.withLock { !queued.isEmpty } }

    var wakeupFD: Int32 { wakeup.fd }
    func drainWakeup() { wakeup.drain() }

    /// Frees the curl handle (which closes the socket). Idempotent.
    func teardown() {
        easy = nil
        socket = -1
        if state != .idle { state = .closed }
    }
}

/// A point in time on the monotonic clock, for "at most this long" loops.
struct Deadline {
    let instant: ContinuousClock.Instant

    init(seconds: Double) {
        instant = .now + .nanoseconds(Int64(max(0, seconds) * 1e9))
    }

    var remainingSeconds: Double {
        let d = instant - .now
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    var expired: Bool { ContinuousClock.now >= instant }

    /// For `poll()`: rounded up so a wait never ends just before the deadline and spins.
    var remainingMilliseconds: Int32 {
        let r = remainingSeconds
        return r <= 0 ? 0 : Int32(min(Double(Int32.max), (r * 1000).rounded(.up)))
    }
}
