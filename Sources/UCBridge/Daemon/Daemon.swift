import Foundation

/// `ucbridge run`: opens the store, serves the API, starts delivery and the UCServer session,
/// tells systemd it is ready, and runs until SIGTERM. SIGHUP reloads sinks, subscriptions and
/// the log level. Shutdown is cancel → close → drain, within 5 s.
public final class Daemon: @unchecked Sendable {
    private var config: Config
    private let configPath: String
    private let logSink: LogSink
    private let logger: Logger
    private let metrics = Metrics()
    private let notifier = ServiceNotifier()
    private let sessionStatus = SessionStatus()
    private let stopSignal = StopSignal()
    private let reloadLock = NSLock()

    public init(config: Config, configPath: String, logSink: LogSink) {
        self.config = config
        self.configPath = configPath
        self.logSink = logSink
        self.logger = Logger(label: "daemon", sink: logSink)
    }

    /// Runs until stopped; returns the process exit code.
    public func run() -> Int32 {
        logger.info("ucbridge \(UCBridgeVersion.current) starting with \(configPath)")
        let store: Store
        do {
            store = try Store(path: config.store.path, logger: logger.with("store"), metrics: metrics, retention: config.store.retention)
        } catch {
            logger.error("cannot open the database \(config.store.path): \(error)")
            return 1
        }
        let user = config.server.username
        let ucsid = config.server.ucconnect?.ucsid ?? config.server.ucsid
        let context = EventContext(source: "ucbridge://\(ucsid)/\(user)",
                                   includeRaw: config.webhooks.contains { $0.includeRaw },
                                   now: { Date() })
        let pipeline: IngestPipeline
        do {
            pipeline = try IngestPipeline(store: store, context: context)
        } catch {
            logger.error("cannot load the stored state from \(config.store.path): \(error)")
            store.close()
            return 1
        }

        let delivery = DeliveryService(store: store, sinks: config.webhooks, logger: logger.with("delivery"), metrics: metrics,
                                       userAgent: "ucbridge/\(UCBridgeVersion.current)")
        let api: APIServer
        do {
            let apiContext = APIContext(store: store, session: sessionStatus, metrics: metrics,
                                        sinks: { delivery.status() },
                                        redeliver: { id in try delivery.redeliver(id: id) })
            api = try APIServer(config: config.api, context: apiContext, logger: logger.with("api"))
            try api.start()
        } catch {
            logger.error("cannot serve the query API on \(config.api.socket): \(error)")
            store.close()
            return 1
        }
        delivery.start()

        let session = UCServerSession(config: config, sink: pipeline, status: sessionStatus,
                                      logger: logger.with("session"), metrics: metrics)
        sessionStatus.observe { [notifier] state in notifier.status(state.statusLine) }
        session.start()

        // Ready once ucbridge serves locally; the UCServer may well be down (that is not a failed start).
        notifier.ready(status: sessionStatus.current.statusLine)
        notifier.startWatchdog { [stopSignal] in !stopSignal.isStopped }
        logger.notice("serving the query API on \(config.api.socket)")

        let signals = SignalWatcher(
            onStop: { [self] sig in
                logger.notice("received \(sig == SIGTERM ? "SIGTERM" : "SIGINT"); stopping")
                stopSignal.stop()
            },
            onReload: { [self] in reload(session: session, delivery: delivery) })

        while !stopSignal.wait(seconds: 3600) {}

        notifier.stopping()
        signals.cancel()
        session.stop(timeout: 2.5)
        delivery.stop()
        api.stop()
        store.close()
        notifier.stopWatchdog()
        logger.notice("stopped")
        return 0
    }

    private func reload(session: UCServerSession, delivery: DeliveryService) {
        reloadLock.lock()
        defer { reloadLock.unlock() }
        notifier.reloading()
        logger.notice("received SIGHUP; reloading \(configPath)")
        do {
            let fresh = try ConfigLoader.load(path: configPath, environment: ProcessInfo.processInfo.environment)
            if fresh.server != config.server || fresh.store != config.store || fresh.api != config.api {
                logger.warning("server, store and api settings change only on restart; applying sinks, subscriptions and log level")
            }
            logSink.level = fresh.log.level
            delivery.reload(sinks: fresh.webhooks)
            session.reload(config: fresh)
            config.webhooks = fresh.webhooks
            config.subscribe = fresh.subscribe
            config.log = fresh.log
            logger.notice("reloaded: \(fresh.webhooks.count) webhook sink(s)")
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)")
        }
        notifier.reloaded(status: sessionStatus.current.statusLine)
    }
}

public enum UCBridgeVersion {
    public static let current = "0.1.0"
}
