import Foundation

/// One committed outbox row.
public struct StoredEvent: Sendable, Equatable {
    public var sequence: Int64
    public var id: String
    public var type: String
    public var subject: String?
    public var time: Date
    /// The CloudEvents JSON (ARCHITECTURE.md §4) including `"sequence"`, without `data.raw`.
    public var body: [UInt8]
    /// The original ROSE argument, for sinks with `include_raw`.
    public var raw: JSONValue?

    public init(sequence: Int64, id: String, type: String, subject: String?, time: Date, body: [UInt8], raw: JSONValue?) {
        self.sequence = sequence
        self.id = id
        self.type = type
        self.subject = subject
        self.time = time
        self.body = body
        self.raw = raw
    }
}

/// A delivery a sink gave up on: kept, listed, redeliverable.
public struct DeadLetter: Sendable, Equatable {
    public var id: Int64
    public var sink: String
    public var sequence: Int64
    public var eventID: String
    public var type: String
    public var subject: String?
    public var attempts: Int
    public var lastStatus: Int?
    public var lastError: String
    public var firstAttemptAt: Date
    public var deadAt: Date
    /// "dead" | "requeued" | "taken"
    public var state: String

    public init(id: Int64 = 0, sink: String, sequence: Int64, eventID: String, type: String, subject: String?, attempts: Int,
                lastStatus: Int?, lastError: String, firstAttemptAt: Date, deadAt: Date, state: String = "dead") {
        self.id = id
        self.sink = sink
        self.sequence = sequence
        self.eventID = eventID
        self.type = type
        self.subject = subject
        self.attempts = attempts
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.firstAttemptAt = firstAttemptAt
        self.deadAt = deadAt
        self.state = state
    }
}

/// The current-state tables as the normalizer needs them after a restart.
public struct StoredState: Sendable {
    public var presence: [String: JSONValue]
    public var activeCalls: [String: JSONValue]
    public var lines: [String: JSONValue]
    /// Journal connection ID → the per-entry transaction id (revision) stored.
    public var journalRevisions: [String: Int64]
    public var journalWatermark: Int64

    public init(presence: [String: JSONValue] = [:], activeCalls: [String: JSONValue] = [:], lines: [String: JSONValue] = [:],
                journalRevisions: [String: Int64] = [:], journalWatermark: Int64 = 0) {
        self.presence = presence
        self.activeCalls = activeCalls
        self.lines = lines
        self.journalRevisions = journalRevisions
        self.journalWatermark = journalWatermark
    }
}

/// What `/v1/health` reports about the store.
public enum StoreHealth: Sendable, Equatable {
    case ok
    /// The writer cannot commit (disk full, database locked, I/O error) and is retrying.
    case failing(String)

    public var isOK: Bool { self == .ok }
}
