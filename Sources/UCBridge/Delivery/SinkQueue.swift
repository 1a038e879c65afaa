import Foundation

/// The bookkeeping of one sink's dispatcher, without I/O: which fetched events are still
/// owed, which may be sent now, and how far the cursor may move.
///
/// - Per-subject order: only the oldest owed event of a subject is ever sendable; the next
///   one becomes sendable when it completes (2xx or dead-lettered).
/// - At-least-once: `cursor` only covers a contiguous prefix of completed sequences, so a
///   restart re-sends whatever was in flight or in backoff, never skips it.
struct SinkQueue {
    struct Entry {
        var event: StoredEvent
        /// When the event was committed (or first seen, for history read at start).
        var committedAt: Date
        var attempts = 0
        var firstAttemptAt: Date?
        var lastStatus: Int?
        var lastError = ""
        /// A redelivery requested through the API: outside the cursor's accounting.
        var deadLetterID: Int64?
    }

    private enum SubjectState { case ready, inFlight, backoff(Date) }

    /// Every sequence up to here is completed (delivered, dead-lettered or not matching).
    private(set) var cursor: Int64
    /// The highest outbox sequence read so far (matching or not).
    private(set) var scannedThrough: Int64
    private(set) var inFlightCount = 0
    private(set) var backoffCount = 0

    private var entries: [UInt64: Entry] = [:]
    private var nextTicket: UInt64 = 1
    /// Outstanding cursor-relevant tickets in sequence order; completed ones are skipped lazily.
    private var order = FIFO<UInt64>()
    private var subjects: [String: FIFO<UInt64>] = [:]
    private var subjectState: [String: SubjectState] = [:]
    private var readySubjects = FIFO<String>()
    private var earliestBackoff: Date?

    init(cursor: Int64) {
        self.cursor = cursor
        scannedThrough = cursor
    }

    /// Events owed (fetched, not yet completed).
    var count: Int { entries.count }

    func entry(_ ticket: UInt64) -> Entry? { entries[ticket] }

    /// The commit time of the oldest owed event in outbox order, for the lag gauge.
    /// (`advanceCursor` keeps the front of `order` owed, so this is O(1).)
    var oldestOwedCommit: Date? {
        order.peek().flatMap { entries[$0]?.committedAt }
    }

    /// Adds the matching events read after `scannedThrough`; `through` is how far the read
    /// looked (events in between that did not match the sink's filter are complete by definition).
    mutating func append(_ events: [StoredEvent], through: Int64, committedAt: (Int64) -> Date) {
        for event in events where event.sequence > scannedThrough {
            let ticket = enqueue(Entry(event: event, committedAt: committedAt(event.sequence)))
            order.push(ticket)
        }
        scannedThrough = max(scannedThrough, through, events.last?.sequence ?? 0)
        advanceCursor()
    }

    /// Queues a dead letter's event again, behind whatever its subject already owes.
    mutating func appendRedelivery(_ event: StoredEvent, deadLetterID: Int64, now: Date) {
        _ = enqueue(Entry(event: event, committedAt: now, deadLetterID: deadLetterID))
    }

    /// The next event to send, marked in flight; nil when nothing may be sent now.
    mutating func next(now: Date) -> UInt64? {
        releaseDueBackoffs(now: now)
        while let key = readySubjects.pop() {
            guard case .ready = subjectState[key], let ticket = subjects[key]?.peek() else { continue }
            subjectState[key] = .inFlight
            inFlightCount += 1
            return ticket
        }
        return nil
    }

    /// Records that an attempt is starting (counts attempts, stamps the first one).
    mutating func markAttempt(_ ticket: UInt64, now: Date) -> Entry? {
        guard var e = entries[ticket] else { return nil }
        e.attempts += 1
        if e.firstAttemptAt == nil { e.firstAttemptAt = now }
        entries[ticket] = e
        return e
    }

    /// Delivered or dead-lettered: the subject's next event becomes sendable.
    mutating func complete(_ ticket: UInt64) {
        guard let e = entries.removeValue(forKey: ticket) else { return }
        let key = Self.key(e.event.subject)
        leaveFlight(key)
        var queue = subjects[key] ?? FIFO()
        _ = queue.pop()
        if queue.isEmpty {
            subjects[key] = nil
            subjectState[key] = nil
        } else {
            subjects[key] = queue
            subjectState[key] = .ready
            readySubjects.push(key)
        }
        advanceCursor()
    }

    /// A failed attempt: the subject waits until `until` (nothing later of it is sent meanwhile).
    mutating func retry(_ ticket: UInt64, until: Date, status: Int?, error: String) {
        guard var e = entries[ticket] else { return }
        e.lastStatus = status
        e.lastError = error
        entries[ticket] = e
        let key = Self.key(e.event.subject)
        leaveFlight(key)
        subjectState[key] = .backoff(until)
        backoffCount += 1
        if earliestBackoff == nil || until < earliestBackoff! { earliestBackoff = until }
    }

    /// An attempt that was aborted (sink disabled or stopping) rather than answered: sendable
    /// again later, without counting as a failure.
    mutating func abort(_ ticket: UInt64) {
        guard let e = entries[ticket] else { return }
        let key = Self.key(e.event.subject)
        leaveFlight(key)
        subjectState[key] = .ready
        readySubjects.push(key)
    }

    /// When the earliest backoff ends (the dispatcher's only timer).
    var nextBackoffDeadline: Date? { earliestBackoff }

    private mutating func enqueue(_ entry: Entry) -> UInt64 {
        let ticket = nextTicket
        nextTicket += 1
        entries[ticket] = entry
        let key = Self.key(entry.event.subject)
        subjects[key, default: FIFO()].push(ticket)
        if subjectState[key] == nil {
            subjectState[key] = .ready
            readySubjects.push(key)
        }
        return ticket
    }

    private mutating func leaveFlight(_ key: String) {
        if case .inFlight = subjectState[key] { inFlightCount -= 1 }
        if case .backoff = subjectState[key] { backoffCount -= 1 }
    }

    private mutating func releaseDueBackoffs(now: Date) {
        guard let earliest = earliestBackoff, earliest <= now else { return }
        earliestBackoff = nil
        for (key, state) in subjectState {
            guard case let .backoff(until) = state else { continue }
            if until <= now {
                subjectState[key] = .ready
                backoffCount -= 1
                readySubjects.push(key)
            } else if earliestBackoff == nil || until < earliestBackoff! {
                earliestBackoff = until
            }
        }
    }

    private mutating func advanceCursor() {
        while let ticket = order.peek(), entries[ticket] == nil { _ = order.pop() }
        if let first = order.peek(), let e = entries[first] {
            cursor = max(cursor, e.event.sequence - 1)
        } else {
            cursor = max(cursor, scannedThrough)
        }
    }

    /// Session events have no subject; they keep their order among themselves.
    private static func key(_ subject: String?) -> String { subject ?? "\u{0}" }
}

/// A first-in first-out queue with amortised O(1) pop, compacting its storage now and then.
struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

    mutating func push(_ e: Element) { items.append(e) }

    func peek() -> Element? { head < items.count ? items[head] : nil }

    mutating func pop() -> Element? {
        guard head < items.count else { return nil }
        let e = items[head]
        head += 1
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return e
    }
}
