import CShims
import Foundation

/// Where the session hands what it learns: live events and subscription snapshots, already
/// decoded into protocol models. The daemon connects this to the normalizer and the outbox.
public protocol IngestSink: AnyObject, Sendable {
    /// May block while the outbox is busy: that is the back-pressure that stops socket reads.
    func ingest(_ input: IngestInput)
    /// The highest per-entry journal transaction id stored (0 when none): catch-up resumes after it.
    var journalWatermark: Int64 { get }
    /// How many events marked `resynced` were committed so far (for `session.connected`).
    var resyncedEventCount: Int { get }
}

/// Keeps one client session on the UCServer: login, WebSocket, subscriptions, resync, and
/// reconnect with backoff on any failure, until `stop()`.
public final class UCServerSession: @unchecked Sendable {
    private let lock = NSLock()
    private var config: Config
    private let sink: IngestSink
    private let status: SessionStatus
    private let logger: Logger
    private let metrics: Metrics
    private let stopSignal = StopSignal()
    private var thread: Thread?
    private var channel: RoseChannel?
    private var followUps: BoundedQueue<SessionFollowUp>?
    private let finished = NSCondition()
    private var isFinished = false

    public init(config: Config, sink: IngestSink, status: SessionStatus, logger: Logger, metrics: Metrics) {
        self.config = config
        self.sink = sink
        self.status = status
        self.logger = logger
        self.metrics = metrics
        metrics.describe("ucbridge_session_connected", "gauge", "1 while the UCServer session is subscribed")
        metrics.describe("ucbridge_session_reconnects_total", "counter", "Connection attempts after the first")
        metrics.describe("ucbridge_rose_events_total", "counter", "ROSE events received, by operation")
        metrics.describe("ucbridge_rose_malformed_total", "counter", "WebSocket messages that were not valid ROSE JSON")
    }

    public func start() {
        let t = Thread { [self] in
            supervise()
            finished.withLock {
                isFinished = true
                finished.broadcast()
            }
        }
        t.name = "ucserver-session"
        thread = t
        t.start()
    }

    /// Unsubscribes (briefly), closes the WebSocket and waits for the session thread, at most `timeout`.
    public func stop(timeout: Double = 3) {
        stopSignal.stop()
        let (queue, channel) = lock.withLock { (followUps, self.channel) }
        if status.current.phase == .connected {
            queue?.push(.stop)  // unsubscribes first, then closes
        } else {
            channel?.stop()  // mid-subscribe: fail the pending invoke now instead of at its timeout
            queue?.push(.stop)
        }
        let deadline = Date().addingTimeInterval(timeout)
        finished.lock()
        while !isFinished, Date() < deadline { _ = finished.wait(until: deadline) }
        finished.unlock()
    }

    /// Applies a reloaded config: presence contacts are re-subscribed on the live session.
    public func reload(config newConfig: Config) {
        let changed = lock.withLock { () -> Bool in
            let changed = newConfig.subscribe.presence != config.subscribe.presence
            config = newConfig
            return changed
        }
        if changed { lock.withLock { followUps }?.push(.presenceContactsChanged) }
    }

    // MARK: Supervision

    private func supervise() {
        let reconnect = lock.withLock { config.server.reconnect }
        var backoff = Backoff(initial: reconnect.initialSeconds, max: reconnect.maxSeconds)
        var firstAttempt = true
        while !stopSignal.isStopped {
            if !firstAttempt { metrics.increment("ucbridge_session_reconnects_total") }
            firstAttempt = false
            let outcome = connectOnce(backoff: &backoff)
            metrics.set("ucbridge_session_connected", [], 0)
            if stopSignal.isStopped { break }
            var delay = backoff.nextDelay()
            if outcome.permanent { delay = max(delay, min(backoff.max, 30)) }
            status.update {
                $0.phase = .retrying
                $0.lastError = outcome.reason
                $0.lastErrorIsPermanent = outcome.permanent
                $0.retryInSeconds = delay
                $0.reconnects += 1
            }
            if outcome.wasConnected {
                sink.ingest(.sessionDisconnected(server: status.current.server, reason: outcome.reason, retryInSeconds: delay))
            }
            let level: LogLevel = outcome.permanent ? .error : .warning
            logger.log(level, "UCServer session: \(outcome.reason); retrying in \(String(format: "%.1f", delay)) s")
            stopSignal.wait(seconds: delay)
        }
        status.update { $0.phase = .stopped }
    }

    private struct AttemptOutcome {
        var reason: String
        var permanent = false
        var wasConnected = false
    }

    private func connectOnce(backoff: inout Backoff) -> AttemptOutcome {
        let config = lock.withLock { self.config }
        let server = config.server
        status.update {
            $0.phase = .connecting
            $0.server = UCServerSession.displayHost(server.url ?? server.ucconnect?.controller ?? "")
            $0.user = server.username
        }
        let established: EstablishedSession
        do {
            established = try SessionEstablishment(config: server, logger: logger).establish()
        } catch let error as LoginError {
            return AttemptOutcome(reason: error.description, permanent: error.isPermanent)
        } catch {
            return AttemptOutcome(reason: "\(error)")
        }
        status.update { $0.server = UCServerSession.displayHost(established.baseURL) }
        logger.info("WebSocket open to \(UCServerSession.displayHost(established.baseURL)); subscribing")

        let queue = BoundedQueue<SessionFollowUp>(capacity: 256)
        let router = RoseEventRouter(sink: sink, logger: logger, metrics: metrics) { queue.push($0) }
        let channel = RoseChannel(
            connection: established.connection,
            timing: .init(keepaliveSeconds: server.keepaliveSeconds, silenceSeconds: server.keepaliveSeconds * 2 + server.requestTimeoutSeconds),
            logger: logger, metrics: metrics, onEvent: router.route)
        lock.withLock {
            self.channel = channel
            self.followUps = queue
        }
        defer { lock.withLock { self.channel = nil; self.followUps = nil } }
        if stopSignal.isStopped { queue.push(.stop) }

        let endBox = ChannelEndBox()
        let reader = Thread {
            endBox.set(channel.run())
            queue.push(.channelEnded)
        }
        reader.name = "ucserver-websocket"
        reader.start()

        status.update { $0.phase = .subscribing }
        let subscriber = SubscriptionSet(channel: channel, config: config, sink: sink, logger: logger,
                                         requestTimeout: server.requestTimeoutSeconds)
        do {
            let summary = try subscriber.subscribeAll()
            // Subscribe results for thousands of contacts are large, short-lived JSON trees;
            // hand the freed heap back instead of keeping it as resident memory.
            _ = ucb_malloc_trim(0)
            backoff.reset()
            metrics.set("ucbridge_session_connected", [], 1)
            status.update {
                $0.phase = .connected
                $0.contacts = summary.contacts
                $0.lines = summary.lines
                $0.lastError = nil
                $0.lastErrorIsPermanent = false
                $0.retryInSeconds = nil
            }
            logger.notice("connected to \(status.current.server) as \(summary.user): \(summary.contacts) contacts, \(summary.lines) lines")
            sink.ingest(.sessionConnected(summary))
        } catch {
            channel.stop()
            _ = endBox.wait()
            return AttemptOutcome(reason: "subscribing failed: \(error)")
        }

        // Serve follow-ups (lines added, monitors stopped, reloads) until the channel ends.
        while let item = queue.pop() {
            switch item {
            case .channelEnded:
                return AttemptOutcome(reason: endBox.wait().description, wasConnected: true)
            case .stop:
                subscriber.unsubscribeAll(budgetSeconds: 1.5)
                channel.stop()
                _ = endBox.wait()
                return AttemptOutcome(reason: "stopped", wasConnected: true)
            case let .lineAdded(uri):
                subscriber.lineAdded(uri)
            case let .monitorStopped(crossRef):
                subscriber.monitorStopped(crossRef)
            case .presenceContactsChanged:
                let newConfig = lock.withLock { self.config }
                subscriber.updatePresenceContacts(newConfig)
            }
        }
        return AttemptOutcome(reason: endBox.wait().description, wasConnected: true)
    }

    /// Host and port of a URL, never its credentials or query.
    static func displayHost(_ url: String) -> String {
        guard let c = URLComponents(string: url), let host = c.host else { return "UCServer" }
        return c.port.map { "\(host):\($0)" } ?? host
    }
}

/// Work the session thread does between events, requested from the connection thread.
enum SessionFollowUp: Sendable {
    case channelEnded
    case stop
    case lineAdded(String)
    case monitorStopped(String)
    case presenceContactsChanged
}

/// Carries the channel's end reason from the connection thread to the session thread.
final class ChannelEndBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var end: ChannelEnd?

    func set(_ e: ChannelEnd) {
        condition.withLock {
            end = e
            condition.broadcast()
        }
    }

    func wait() -> ChannelEnd {
        condition.lock()
        defer { condition.unlock() }
        while end == nil { condition.wait() }
        return end!
    }
}
