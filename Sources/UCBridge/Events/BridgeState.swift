/// The normalizer's in-memory mirror of the stored state. `Normalizer.apply` merges every
/// input into it and emits events only for real differences; the same differences go to the
/// store as `StateChange`s, so after a restart `BridgeState(stored:)` picks up where it was.
public struct BridgeState: Sendable {
    public var presence: [String: JSONValue]
    public var activeCalls: [String: JSONValue]
    public var lines: [String: JSONValue]
    public var journalRevisions: [String: Int64]
    public var journalWatermark: Int64
    /// Calls that ended recently: a late or repeated notify for them must not start them again.
    var endedCalls = RecentIDs(capacity: 1024)

    public init(stored: StoredState) {
        presence = stored.presence
        activeCalls = stored.activeCalls
        lines = stored.lines
        journalRevisions = stored.journalRevisions
        journalWatermark = stored.journalWatermark
    }

    public init() { self.init(stored: StoredState()) }

    public var stored: StoredState {
        StoredState(presence: presence, activeCalls: activeCalls, lines: lines, journalRevisions: journalRevisions, journalWatermark: journalWatermark)
    }
}

/// A bounded set that forgets its oldest members first.
struct RecentIDs: Sendable {
    let capacity: Int
    private var order: [String] = []
    private var members: Set<String> = []

    init(capacity: Int) { self.capacity = capacity }

    func contains(_ id: String) -> Bool { members.contains(id) }

    mutating func insert(_ id: String) {
        guard members.insert(id).inserted else { return }
        order.append(id)
        if order.count > capacity {
            let dropped = order.removeFirst()
            members.remove(dropped)
        }
    }
}
