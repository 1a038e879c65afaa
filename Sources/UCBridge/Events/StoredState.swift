/// The current-state tables as the normalizer needs them after a restart. Defined by the
/// normalizer (an earlier stage); the store fills it from its tables.
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
