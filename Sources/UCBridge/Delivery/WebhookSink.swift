import Foundation

/// One configured webhook sink: its dispatcher thread, its libcurl multi handle and what
/// other threads may ask of it (wake, redeliver, stop, status).
final class WebhookSink: @unchecked Sendable {
    let config: WebhookConfig
    private let control: SinkControl
    private let settings: SinkDispatcher.Settings
    private let store: Store
    private let log: Logger
    private let metrics: Metrics

    init(config: WebhookConfig, startCursor: Int64, store: Store, userAgent: String, log: Logger, metrics: Metrics,
         observer: (@Sendable (DeliveryRecord) -> Void)?) throws {
        self.config = config
        self.store = store
        self.log = log.with("webhook").withMetadata(["sink": config.name])
        self.metrics = metrics
        var keys: [[UInt8]] = []
        var disabled: String?
        for secret in config.secrets {
            do { keys.append(try WebhookSignature.key(secret: secret.value)) } catch {
                disabled = "\(error) (\(secret.origin))"
            }
        }
        settings = SinkDispatcher.Settings(config: config, keys: keys, userAgent: userAgent, startCursor: startCursor,
                                           disabledReason: disabled, observer: observer)
        control = SinkControl(multi: try CurlMulti(maxHostConnections: config.maxInFlight),
                              status: SinkStatus(name: config.name, url: SinkStatus.displayURL(config.url), cursor: startCursor,
                                                 disabledReason: disabled))
    }

    func start() {
        let thread = Thread { [self] in
            do {
                let dispatcher = try SinkDispatcher(settings: settings, store: store, control: control, log: log, metrics: metrics)
                dispatcher.run()
            } catch {
                log.error("webhook sink cannot start", ["error": "\(error)"])
                var status = control.status
                status.lastError = "cannot start: \(error)"
                control.status = status
            }
            control.markFinished()
        }
        thread.name = "ucb-sink-\(config.name)"
        thread.start()
    }

    var status: SinkStatus { control.status }

    func committed(through sequence: Int64, at date: Date) { control.committed(through: sequence, at: date) }

    func requeue() { control.requestRequeue() }

    func requestStop() { control.requestStop() }

    /// False when the thread had not ended by `deadline`.
    func waitStopped(until deadline: Date) -> Bool { control.waitFinished(until: deadline) }
}

extension Logger {
    func withMetadata(_ extra: [String: String]) -> Logger {
        Logger(label: label, sink: sink, metadata: metadata.merging(extra, uniquingKeysWith: { $1 }))
    }
}
