import Foundation

/// The per-sink Prometheus series (label `sink=<name>`), declared once per registry.
struct SinkMetrics: Sendable {
    static let delivered = "ucbridge_webhook_delivered_total"
    static let failed = "ucbridge_webhook_failed_total"
    static let deadLettered = "ucbridge_webhook_dead_lettered_total"
    static let inFlight = "ucbridge_webhook_in_flight"
    static let lag = "ucbridge_webhook_lag_seconds"
    static let latency = "ucbridge_webhook_latency_seconds"
    static let requestDuration = "ucbridge_webhook_request_duration_seconds"

    static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600]

    let registry: Metrics
    let labels: Metrics.Labels

    init(registry: Metrics, sink: String) {
        self.registry = registry
        labels = [("sink", sink)]
    }

    static func describe(_ m: Metrics) {
        m.describe(delivered, "counter", "Events delivered to a webhook sink (2xx)")
        m.describe(failed, "counter", "Failed webhook attempts by class (timeout, connect, 4xx, 5xx, 3xx, other)")
        m.describe(deadLettered, "counter", "Events dead-lettered for a sink after the retry limits")
        m.describe(inFlight, "gauge", "Webhook requests in flight")
        m.describe(lag, "gauge", "Age of the oldest undelivered matching event")
        m.describe(latency, "histogram", "From commit to the 2xx answer")
        m.describe(requestDuration, "histogram", "Duration of one successful webhook request")
    }

    func delivered(commitToAnswer: Double, request: Double) {
        registry.increment(Self.delivered, labels)
        registry.observe(Self.latency, labels, commitToAnswer, buckets: Self.latencyBuckets)
        registry.observe(Self.requestDuration, labels, request, buckets: Self.latencyBuckets)
    }

    func failed(_ c: DeliveryOutcome.FailureClass) {
        registry.increment(Self.failed, labels + [("class", c.rawValue)])
    }

    func deadLettered() { registry.increment(Self.deadLettered, labels) }

    func gauges(inFlight: Int, lag: Double) {
        registry.set(Self.inFlight, labels, Double(inFlight))
        registry.set(Self.lag, labels, lag)
    }
}

/// One delivered event, for tools that measure delivery (the bench); see `DeliveryService`.
public struct DeliveryRecord: Sendable {
    public var sink: String
    public var sequence: Int64
    public var status: Int
    /// Duration of the successful HTTP request.
    public var requestSeconds: Double
    /// From the commit (or from when the dispatcher first read it) to the 2xx.
    public var commitToAnswerSeconds: Double
}
