/// The current-state tables as the store loads them at start (team brief, Store section).
/// Owned by the store; defined here because the normalizer is built from it. Each value is the
/// normalized `data` object of the latest event about that contact, call or line.
public struct StoredState: Sendable {
    public var presence: [String: JSONValue]
    public var activeCalls: [String: JSONValue]
    public var lines: [String: JSONValue]
    /// Per journal entry (connection id): the transaction id of the stored revision.
    public var journalRevisions: [String: Int64]
    /// Highest per-entry journal transaction id actually stored.
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
