import Foundation

/// What the session hands the normalizer: decoded ROSE messages and resync steps.
public enum IngestInput: Sendable {
    /// Subscribe result: the full state of those contacts.
    case presenceSnapshot([PresenceV2], resync: Bool)
    /// `asnUpdatePresenceV2` (partial).
    case presenceUpdate(PresenceUpdate)
    case presenceRemoved(contact: String)
    /// `asnCtiEnumPhoneLines` result.
    case lineList([CtiLineInfo])
    /// `asnCtiLineMonitorStart` result: line, calls, DnD, forwards.
    case lineSnapshot(CtiLineMonitorSnapshot)
    /// All monitor snapshots are done: calls on lines not listed here have ended.
    case monitoredLinesComplete([String])
    /// `asnCtiNotifyLineCallInformationChanged`.
    case callChanged(CtiCallChange)
    /// DnD / forwarding / info / add-remove / monitor-stopped notifies.
    case lineEvent(CtiLineEvent)
    /// `asnJournalEntryListChanged` / `asnJournalEntryChanged`.
    case journalChanged([JournalChange])
    /// Catch-up pages (`asnGetJournalEntriesV2`, offline journal).
    case journalEntries([JournalEntry], resync: Bool)
    case sessionConnected(SessionSummary)
    case sessionDisconnected(server: String, reason: String, retryInSeconds: Double?)
}

public struct EventContext: Sendable {
    /// `ucbridge://{ucsid}/{login user}`.
    public var source: String
    /// Attach the ROSE argument as `raw` (the store keeps it beside the event; sinks opt in).
    public var includeRaw: Bool
    public var now: @Sendable () -> Date

    public init(source: String, includeRaw: Bool = true, now: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.includeRaw = includeRaw
        self.now = now
    }
}
