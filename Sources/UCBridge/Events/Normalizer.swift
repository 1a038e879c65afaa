import Foundation

/// Turns ROSE events and resync snapshots into canonical events (ARCHITECTURE.md section 4)
/// and the state changes they imply. Pure: no I/O, the clock comes from the context.
///
/// Conventions shared by every event type:
/// - Every non-session event carries `data.resynced`: `true` when synthesized from a snapshot
///   (monitor start, line list, a presence snapshot or journal catch-up marked as resync),
///   `false` for live server events. Present on both so consumers see one schema.
/// - Events are emitted only when the merged, normalized data differs from the stored data
///   (ignoring `resynced`, `changed` and `change`); a repeated snapshot yields nothing.
/// - Ids: UUIDv7 for live changes; UUIDv5 for anything with a source identity: a call's start
///   and end (each happens once per connection id), a journal revision, a resynced difference.
public struct Normalizer: Sendable {
    public let context: EventContext

    public init(context: EventContext) { self.context = context }

    public func apply(_ input: IngestInput, to state: inout BridgeState) -> NormalizedBatch {
        var out = BatchBuilder(context: context)
        switch input {
        case let .presenceSnapshot(list, resync):
            for presence in list {
                applyPresence(presence, changedFlags: presence.sectionFlags, resynced: resync, raw: presence.original.value ?? presence.json, state: &state, out: &out)
            }
        case let .presenceUpdate(update):
            applyPresence(update.presence, changedFlags: update.changedFlags, resynced: false, raw: update.original.value ?? update.json, state: &state, out: &out)
        case let .presenceRemoved(contact):
            removePresence(contact, state: &state, out: &out)
        case let .lineList(lines):
            for info in lines { applyLineList(info, state: &state, out: &out) }
        case let .lineSnapshot(snapshot):
            applyLineSnapshot(snapshot, state: &state, out: &out)
        case let .monitoredLinesComplete(lines):
            endCallsOffLines(Set(lines), state: &state, out: &out)
        case let .callChanged(change):
            applyCall(change.callInformation, lineHint: change.linePhoneNumber, reason: change.reason, resynced: false,
                      raw: change.original.value ?? change.json, state: &state, out: &out)
        case let .lineEvent(event):
            applyLineEvent(event, state: &state, out: &out)
        case let .journalChanged(changes):
            for change in changes {
                applyJournal(change.entry, kind: change.kind, transactionID: change.transactionID, resynced: false,
                             raw: change.original.value ?? change.json, state: &state, out: &out)
            }
        case let .journalEntries(entries, resync):
            for entry in entries {
                applyJournal(entry, kind: .addedOrModified, transactionID: entry.transactionID, resynced: resync,
                             raw: entry.original.value ?? entry.json, state: &state, out: &out)
            }
        case let .sessionConnected(summary):
            out.emit(.sessionConnected, subject: nil, time: nil, data: summary.json, raw: nil, identity: nil)
        case let .sessionDisconnected(server, reason, retry):
            let data: JSONValue = ["server": .string(server), "reason": .string(reason), "retry_in_s": retry.map { .double($0) } ?? .null]
            out.emit(.sessionDisconnected, subject: nil, time: nil, data: data, raw: nil, identity: nil)
        }
        return out.batch
    }
}

/// Collects one apply step's events and state changes.
struct BatchBuilder {
    let context: EventContext
    var batch = NormalizedBatch()

    init(context: EventContext) { self.context = context }

    /// `identity` nil: a live event, UUIDv7. Otherwise the UUIDv5 of that source identity.
    mutating func emit(_ type: EventType, subject: String?, time: Date?, data: JSONValue, raw: JSONValue?, identity: String?) {
        let now = context.now()
        let id = identity.map { UUIDGenerator.v5(namespace: UUIDGenerator.eventNamespace, name: $0) } ?? UUIDGenerator.v7(now: now)
        batch.events.append(CanonicalEvent(id: id, source: context.source, type: type, subject: subject, time: time ?? now, data: data,
                                           raw: context.includeRaw ? raw : nil))
    }

    mutating func change(_ change: StateChange) { batch.changes.append(change) }

    /// Identity of a difference found by a resync: the same difference always gets the same id.
    static func resyncIdentity(_ type: EventType, subject: String, data: JSONValue) -> String {
        "resync:\(type.rawValue):\(subject):\(data.comparable.jsonText)"
    }
}

extension JSONValue {
    /// The data without the members that describe the event rather than the thing.
    var comparable: JSONValue { removing(["resynced", "changed", "change"]) }

    func removing(_ keys: Set<String>) -> JSONValue {
        guard case let .object(members) = self else { return self }
        return .object(members.filter { !keys.contains($0.0) })
    }

    static func time(orNull date: Date?) -> JSONValue {
        date.map { .string(AsnSystemTime.rfc3339Millis($0)) } ?? .null
    }

    /// Empty wire strings mean "not set": they become `null` in canonical data.
    static func text(_ s: String?) -> JSONValue {
        guard let s, !s.isEmpty else { return .null }
        return .string(s)
    }

    var dateValue: Date? { stringValue.flatMap(AsnSystemTime.parse) }
}
