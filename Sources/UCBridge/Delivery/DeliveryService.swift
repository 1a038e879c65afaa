import Foundation

/// Webhook delivery (ARCHITECTURE.md section 5): one `WebhookSink` per configured sink, each
/// with its own thread and libcurl multi handle, so that a failing receiver never slows
/// another sink or ingest. Woken by the store's commit observer; no polling.
///
/// Where a sink starts:
/// - At `start()` (daemon boot) every sink resumes from its stored cursor. The store answers
///   0 both for "never saw this sink" and "has not delivered anything yet"; since confusing
///   the second for the first would skip events, a sink without progress starts at the
///   beginning of the retained outbox (at-least-once wins over not flooding).
/// - A sink added by `reload(sinks:)` (SIGHUP) is known to be new: it starts at the current
///   end of the outbox, so a new receiver is not flooded with history; this is logged and
///   the cursor is saved at once.
public final class DeliveryService: @unchecked Sendable {
    private let store: Store
    private let log: Logger
    private let metrics: Metrics
    private let userAgent: String
    private let observer: (@Sendable (DeliveryRecord) -> Void)?
    private let lock = NSLock()
    private var configs: [WebhookConfig]
    private var sinks: [String: WebhookSink] = [:]
    private var started = false
    private var observing = false
    /// How long `stop()` waits for the dispatcher threads (the daemon must exit within 5 s).
    private let stopTimeout: TimeInterval = 3

    /// - Parameters:
    ///   - userAgent: sent as `User-Agent`, e.g. `ucbridge/1.2.0`.
    ///   - observer: called on a sink's thread for every delivery (benchmarks); keep it cheap.
    public init(store: Store, sinks: [WebhookConfig], logger: Logger, metrics: Metrics, userAgent: String = "ucbridge",
                observer: (@Sendable (DeliveryRecord) -> Void)? = nil) {
        self.store = store
        configs = sinks
        log = logger.with("delivery")
        self.metrics = metrics
        self.userAgent = userAgent
        self.observer = observer
        SinkMetrics.describe(metrics)
    }

    public func start() {
        let wantsObserver = lock.withLock {
            defer { observing = true }
            return !observing
        }
        if wantsObserver {
            store.writer.addCommitObserver { [weak self] sequence in self?.committed(through: sequence) }
        }
        let configs = lock.withLock {
            started = true
            return self.configs
        }
        for config in configs { launch(config, isNew: false) }
    }

    /// Applies a new sink list: unchanged sinks keep running (a sink disabled by 410 Gone is
    /// restarted), changed ones restart keeping their cursor, removed ones stop (their cursor
    /// row stays, so re-adding the same name resumes), new ones start at the end of the outbox.
    public func reload(sinks newConfigs: [WebhookConfig]) {
        let (stopping, toStart): ([WebhookSink], [(WebhookConfig, Bool)]) = lock.withLock {
            configs = newConfigs
            guard started else { return ([], []) }
            var stopping: [WebhookSink] = []
            var toStart: [(WebhookConfig, Bool)] = []
            let wanted = Dictionary(newConfigs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for (name, sink) in sinks where wanted[name] != sink.config || sink.status.disabledReason != nil {
                stopping.append(sink)
                sinks[name] = nil
            }
            for config in newConfigs where sinks[config.name] == nil {
                let existed = stopping.contains { $0.config.name == config.name }
                toStart.append((config, !existed))
            }
            return (stopping, toStart)
        }
        halt(stopping)
        for (config, isNew) in toStart { launch(config, isNew: isNew) }
    }

    /// Aborts in-flight requests (they are sent again after a restart), saves the cursors and
    /// joins the dispatcher threads.
    public func stop() {
        let running: [WebhookSink] = lock.withLock {
            started = false
            defer { sinks.removeAll() }
            return Array(sinks.values)
        }
        halt(running)
    }

    public func status() -> [SinkStatus] {
        let (configs, sinks) = lock.withLock { (self.configs, self.sinks) }
        return configs.map { sinks[$0.name]?.status ?? SinkStatus(name: $0.name, url: SinkStatus.displayURL($0.url)) }
    }

    /// Queues a dead letter again and wakes its sink; nil when the id is unknown.
    public func redeliver(id: Int64) throws -> DeadLetter? {
        guard let letter = try store.requeueDeadLetter(id: id) else { return nil }
        lock.withLock { sinks[letter.sink] }?.requeue()
        return letter
    }

    private func committed(through sequence: Int64) {
        let now = Date()
        for sink in lock.withLock({ Array(sinks.values) }) { sink.committed(through: sequence, at: now) }
    }

    private func launch(_ config: WebhookConfig, isNew: Bool) {
        do {
            let reader = try store.makeReader()
            var cursor = try reader.sinkCursor(sink: config.name)
            if isNew {
                cursor = max(cursor, try reader.latestSequence())
                try store.saveSinkCursor(sink: config.name, cursor: cursor)
                log.notice("new webhook sink starts at the current end of the outbox", ["sink": config.name, "cursor": "\(cursor)"])
            }
            let sink = try WebhookSink(config: config, startCursor: cursor, store: store, userAgent: userAgent, log: log,
                                       metrics: metrics, observer: observer)
            let keep = lock.withLock {
                guard started, sinks[config.name] == nil else { return false }
                sinks[config.name] = sink
                return true
            }
            guard keep else { return }
            sink.start()
            log.info("webhook sink started", ["sink": config.name, "url": SinkStatus.displayURL(config.url), "cursor": "\(cursor)"])
        } catch {
            log.error("webhook sink cannot start", ["sink": config.name, "error": "\(error)"])
        }
    }

    private func halt(_ sinks: [WebhookSink]) {
        for sink in sinks { sink.requestStop() }
        let deadline = Date().addingTimeInterval(stopTimeout)
        for sink in sinks where !sink.waitStopped(until: deadline) {
            log.error("webhook sink did not stop in time", ["sink": sink.config.name])
        }
    }
}
