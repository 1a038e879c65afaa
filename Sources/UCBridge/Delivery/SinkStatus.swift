import Foundation

/// What `/v1/sinks`, `/v1/health` and `ucbridge sinks` show about one webhook sink.
public struct SinkStatus: Sendable, Equatable {
    public var name: String
    /// The target URL without user info or query (either may hold a credential).
    public var url: String
    /// Every outbox sequence up to here is delivered, dead-lettered or not for this sink.
    public var cursor: Int64
    /// Events owed to the sink: fetched and undelivered, plus outbox rows not read yet.
    public var pending: Int
    public var inFlight: Int
    /// Failed attempts since the daemon started (each retry counts).
    public var failedAttempts: Int
    /// Dead letters of this sink still waiting for a redelivery.
    public var deadLettered: Int
    /// The last failure (`HTTP 503`, `timeout: …`), nil once a later attempt succeeded.
    public var lastError: String?
    /// Set while the sink is disabled (410 Gone, unusable secret); cleared by a reload.
    public var disabledReason: String?
    /// Age of the oldest undelivered matching event, in seconds (0 when caught up).
    public var lagSeconds: Double

    public init(name: String, url: String, cursor: Int64 = 0, pending: Int = 0, inFlight: Int = 0, failedAttempts: Int = 0,
                deadLettered: Int = 0, lastError: String? = nil, disabledReason: String? = nil, lagSeconds: Double = 0) {
        self.name = name
        self.url = url
        self.cursor = cursor
        self.pending = pending
        self.inFlight = inFlight
        self.failedAttempts = failedAttempts
        self.deadLettered = deadLettered
        self.lastError = lastError
        self.disabledReason = disabledReason
        self.lagSeconds = lagSeconds
    }

    /// `scheme://host[:port]/path`: user info and query are dropped, they may carry credentials.
    public static func displayURL(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "(invalid URL)" }
        c.user = nil
        c.password = nil
        c.query = nil
        c.fragment = nil
        return c.string ?? "(invalid URL)"
    }
}
