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
