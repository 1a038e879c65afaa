import Foundation

/// A change to the current-state tables that an event implies. The store commits the events
/// and their state changes in one transaction (transactional outbox). Each state row holds the
/// normalized `data` object of the latest event about it, which is what the query API serves.
public enum StateChange: Sendable, Equatable {
    /// nil `data` deletes the contact.
    case presence(contact: String, data: JSONValue?)
    /// A call row; `active: false` once ended (kept for `GET /v1/calls/{id}` as recently ended).
    case call(connectionID: String, line: String?, active: Bool, data: JSONValue)
    /// nil `data` deletes the line.
    case line(uri: String, data: JSONValue?)
    /// A journal entry; nil `data` deletes it. `transactionID` is the per-entry revision.
    case journal(connectionID: String, transactionID: Int64?, startedAt: Date?, data: JSONValue?)
    /// The highest per-entry journal transaction id actually stored (catch-up resumes after it).
    case journalWatermark(Int64)
}

/// What the normalizer hands to the store for one ingest step: events and the state they imply.
public struct NormalizedBatch: Sendable, Equatable {
    public var events: [CanonicalEvent]
    public var changes: [StateChange]

    public init(events: [CanonicalEvent] = [], changes: [StateChange] = []) {
        self.events = events
        self.changes = changes
    }

    public var isEmpty: Bool { events.isEmpty && changes.isEmpty }
}
