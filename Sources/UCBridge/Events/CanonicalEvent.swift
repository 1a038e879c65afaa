import Foundation

/// The types of event ucbridge emits (ARCHITECTURE.md section 4).
public enum EventType: String, Sendable, CaseIterable {
    case presenceChanged = "ucbridge.presence.changed"
    case presenceRemoved = "ucbridge.presence.removed"
    case callStarted = "ucbridge.call.started"
    case callUpdated = "ucbridge.call.updated"
    case callEnded = "ucbridge.call.ended"
    case lineChanged = "ucbridge.line.changed"
    case journalEntry = "ucbridge.journal.entry"
    case journalRemoved = "ucbridge.journal.removed"
    case sessionConnected = "ucbridge.session.connected"
    case sessionDisconnected = "ucbridge.session.disconnected"
}

/// One normalized event before it has a place in the outbox. The store assigns `sequence`
/// when it commits and renders the CloudEvents envelope (`CloudEventEnvelope`).
public struct CanonicalEvent: Sendable, Equatable {
    /// UUIDv7 at ingest, or UUIDv5 of the source identity for journal revisions and resync differences.
    public var id: String
    /// `ucbridge://{ucsid}/{login user}`.
    public var source: String
    public var type: EventType
    /// Contact ID, connection ID, line URI or journal connection ID; nil for `ucbridge.session.*`.
    public var subject: String?
    /// When the change happened (server timestamp where given, else receipt).
    public var time: Date
    /// The `data` object, every field of the contract's table present (`null` where unknown).
    public var data: JSONValue
    /// The ROSE argument the event came from, forwarded only to sinks with `include_raw: true`.
    public var raw: JSONValue?

    public init(id: String, source: String, type: EventType, subject: String?, time: Date, data: JSONValue, raw: JSONValue? = nil) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.data = data
        self.raw = raw
    }
}
