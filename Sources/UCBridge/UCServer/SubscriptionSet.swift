import Foundation

/// The subscriptions of one session: presence, CTI line monitors and the journal, set up
/// after every (re)connect — a new session has none — with a resync of each snapshot.
final class SubscriptionSet: @unchecked Sendable {
    /// Presence subscribe invokes carry at most this many contact ids.
    static let presenceChunkSize = 500
    /// Events and data sections ucbridge needs, without photos or rights configuration
    /// (PROTOCOL.md 7.2): presence, data, absent state, note, appointment, lines, calls, forwards.
    static let presenceSubscriptionFlags: Int64 = 1011
    static let journalPageSize: Int64 = 100
    /// Journal queries can take much longer than the SDK's 5 s default.
    static let journalTimeoutSeconds: Double = 60

    private let channel: RoseChannel
    private let config: Config
    private let sink: IngestSink
    private let logger: Logger
    private let requestTimeout: Double
    private var subscribedContacts: [String] = []
    private var monitors: [String: String] = [:]  // line URI → monitor cross-reference id
    private var user = ""

    init(channel: RoseChannel, config: Config, sink: IngestSink, logger: Logger, requestTimeout: Double) {
        self.channel = channel
        self.config = config
        self.sink = sink
        self.logger = logger
        self.requestTimeout = requestTimeout
    }

    func subscribeAll() throws -> SessionSummary {
        let resyncedBefore = sink.resyncedEventCount
        let me = try channel.call(.getLoggedInContactV2, .object([]), timeout: requestTimeout)
        user = me["u8sLoggedInUser"]?.stringValue ?? config.server.username
        let contacts = try tolerateRefusal("presence", 0) { try subscribePresence(contacts: config.subscribe.presence.allContacts) }
        let lines = try tolerateRefusal("CTI", 0) { try subscribeCTI() }
        try tolerateRefusal("journal", ()) { try subscribeJournal() }
        return SessionSummary(server: UCServerSession.displayHost(config.server.url ?? config.server.ucconnect?.controller ?? ""),
                              user: user, contacts: contacts, lines: lines,
                              resyncedEvents: sink.resyncedEventCount - resyncedBefore)
    }

    /// A server that answers with an error or a reject (no rights for CTI, no journal on this
    /// route, …) refuses one area, not the session: log it and go on with the others. A lost
    /// connection or a timeout still fails the attempt, and the session reconnects.
    private func tolerateRefusal<T>(_ area: String, _ fallback: T, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RoseCallError {
            switch error {
            case .failed, .rejected:
                logger.error("the UCServer refused the \(area) subscription: \(error); continuing without it")
                return fallback
            case .timedOut, .connectionClosed:
                throw error
            }
        }
    }

    // MARK: Presence

    private func subscribePresence(contacts: [String]) throws -> Int {
        var subscribed: [String] = []
        for chunk in stride(from: 0, to: contacts.count, by: Self.presenceChunkSize).map({ Array(contacts[$0..<min($0 + Self.presenceChunkSize, contacts.count)]) }) {
            let argument: JSONValue = [
                "seqContactIDs": .array(chunk.map { .string($0) }),
                "iEventFlagsToSubscribe": .int(Self.presenceSubscriptionFlags),
                "iContactDetailsReturnFilter": .int(Self.presenceSubscriptionFlags),
                "bOpenOnlyInternalContacts": true,
                // Without it, each watched user's client would pop up a rights request.
                "bDontRequestPermissions": true,
            ]
            let sink = self.sink
            let logger = self.logger
            let result = try channel.call(.getAndSubscribePresenceV2, argument, timeout: max(requestTimeout, 30)) { result in
                let list = (result["seqSubscribedPresence"]?.arrayValue ?? []).compactMap { element -> PresenceV2? in
                    do { return try PresenceV2(json: element) } catch {
                        logger.warning("ignored a presence entry in the subscribe result: \(error)")
                        return nil
                    }
                }
                sink.ingest(.presenceSnapshot(list, resync: true))
            }
            let got = Set((result["seqSubscribedPresence"]?.arrayValue ?? []).compactMap { $0.member("u8sContactId", "u8sContactID")?.stringValue })
            let missing = chunk.filter { !got.contains($0) }
            if !missing.isEmpty {
                logger.warning("the UCServer did not subscribe \(missing.count) contact(s) (unknown or no rights): \(missing.prefix(10).joined(separator: ", "))")
            }
            subscribed += chunk.filter { got.contains($0) }
        }
        subscribedContacts = subscribed
        return subscribed.count
    }

    func updatePresenceContacts(_ newConfig: Config) {
        let wanted = newConfig.subscribe.presence.allContacts
        let removed = subscribedContacts.filter { !wanted.contains($0) }
        let added = wanted.filter { !subscribedContacts.contains($0) }
        if !removed.isEmpty {
            do {
                _ = try channel.call(.unsubscribePresence, ["seqContactIDs": .array(removed.map { .string($0) })], timeout: requestTimeout)
                for c in removed { sink.ingest(.presenceRemoved(contact: c)) }
            } catch {
                logger.warning("unsubscribing \(removed.count) contact(s) failed: \(error)")
            }
            subscribedContacts.removeAll { removed.contains($0) }
        }
        if !added.isEmpty {
            let before = subscribedContacts
            do {
                _ = try subscribePresence(contacts: added)
                subscribedContacts = before + subscribedContacts
            } catch {
                subscribedContacts = before
                logger.warning("subscribing \(added.count) new contact(s) failed: \(error)")
            }
        }
        logger.info("presence subscriptions reloaded: \(added.count) added, \(removed.count) removed")
    }

    // MARK: CTI

    private func wantsLine(_ uri: String) -> Bool {
        switch config.subscribe.cti.lines {
        case .all: return true
        case .none: return false
        case let .list(lines): return lines.contains(uri)
        }
    }

    private func subscribeCTI() throws -> Int {
        if case .none = config.subscribe.cti.lines { return 0 }
        let sink = self.sink
        let result = try channel.call(.ctiEnumPhoneLines, ["typeofLines": 0, "attachChangeNotify": 1], timeout: requestTimeout) { result in
            let lines = (result["seqLines"]?.arrayValue ?? []).compactMap { try? CtiLineInfo(json: $0) }
            sink.ingest(.lineList(lines))
        }
        let all = (result["seqLines"]?.arrayValue ?? []).compactMap { $0["u8sLinePhoneNumber"]?.stringValue }
        if case let .list(configured) = config.subscribe.cti.lines {
            for uri in configured where !all.contains(uri) {
                logger.warning("subscribe.cti.lines: line \(uri) is not among the login user's lines; monitoring it anyway")
            }
        }
        var targets = all.filter(wantsLine)
        if case let .list(configured) = config.subscribe.cti.lines {
            targets += configured.filter { !all.contains($0) }
        }
        for uri in targets { startMonitor(uri) }
        sink.ingest(.monitoredLinesComplete(Array(monitors.keys)))
        return monitors.count
    }

    private func startMonitor(_ uri: String) {
        let sink = self.sink
        do {
            let result = try channel.call(.ctiLineMonitorStart, ["u8sLinePhoneNumber": .string(uri)], timeout: requestTimeout) { result in
                if let snapshot = try? CtiLineMonitorSnapshot(json: result) {
                    sink.ingest(.lineSnapshot(snapshot))
                }
            }
            monitors[uri] = result["u8sMonitorCrossRefID"]?.stringValue ?? ""
        } catch {
            logger.warning("cannot monitor line \(uri): \(error)")
        }
    }

    func lineAdded(_ uri: String) {
        guard wantsLine(uri), monitors[uri] == nil else { return }
        logger.info("line \(uri) was added; monitoring it")
        startMonitor(uri)
    }

    func monitorStopped(_ crossRef: String) {
        guard let uri = monitors.first(where: { $0.value == crossRef })?.key else { return }
        monitors[uri] = nil
        logger.info("the UCServer stopped the monitor of line \(uri); starting it again")
        startMonitor(uri)
        sink.ingest(.monitoredLinesComplete(Array(monitors.keys)))
    }

    // MARK: Journal

    /// Pages through `asnGetJournalEntriesV2` from the stored watermark (bounded by
    /// `catch_up_days`), then subscribes; the normalizer dedupes by entry revision.
    private func subscribeJournal() throws {
        guard config.subscribe.journal.enabled else { return }
        let watermark = sink.journalWatermark
        let now = Date()
        var from = now.addingTimeInterval(-Double(config.subscribe.journal.catchUpDays) * 86400)
        var fetched = 0
        let sink = self.sink
        for _ in 0..<1000 {
            var options: [(String, JSONValue)] = [
                ("stStartTimeFrom", .string(AsnSystemTime.string(from: from))),
                ("stStartTimeTo", .string(AsnSystemTime.string(from: now.addingTimeInterval(86400)))),
                ("u8slistLineUserNames", []),
                ("u8slistPhoneNumber", []),
                ("u8sContactName", ""),
                ("u8sCompanyName", ""),
                ("u8sFilterText", ""),
                ("iMaxNumEntries", .int(Self.journalPageSize)),
                // Every phone call: both halves of each filter pair plus phone calls (PROTOCOL.md 9.3).
                ("iFilter", 8255),
            ]
            if watermark > 0 { options.append(("iLastKnownGlobTransactionID", .int(watermark))) }
            let result = try channel.call(.getJournalEntriesV2, ["findOptions": .object(options)], timeout: Self.journalTimeoutSeconds) { result in
                let entries = (result["journalList"]?.arrayValue ?? []).compactMap { try? JournalEntry(json: $0) }
                sink.ingest(.journalEntries(entries, resync: true))
            }
            let page = result["journalList"]?.arrayValue ?? []
            fetched += page.count
            guard page.count >= Int(Self.journalPageSize) else { break }
            // Page by start time; entries at the boundary come again and are deduped.
            let latest = page.compactMap { $0["stStartTime"].flatMap(AsnSystemTime.date(from:)) }.max()
            guard let latest, latest > from else { break }
            from = latest
        }
        // Offline journal: read-only (iMarkRead 0), 1 would delete the server's copy.
        do {
            _ = try channel.call(.getOfflineJournal, ["iMaxDays": .int(Int64(config.subscribe.journal.catchUpDays)), "iMarkRead": 0],
                                 timeout: Self.journalTimeoutSeconds) { result in
                let entries = (result["journalList"]?.arrayValue ?? []).compactMap { try? JournalEntry(json: $0) }
                if !entries.isEmpty { sink.ingest(.journalEntries(entries, resync: true)) }
            }
        } catch {
            logger.debug("offline journal not read: \(error)")
        }
        var argument: [(String, JSONValue)] = [("bReceiveJournalEvents", true)]
        let after = sink.journalWatermark
        if after > 0 { argument.append(("iLastKnownGlobTransactionID", .int(after))) }
        argument.append(("iMaxEntries", 500))
        argument.append(("iFlags", 0))
        _ = try channel.call(.journalSubscribeEvents, .object(argument), timeout: Self.journalTimeoutSeconds)
        logger.debug("journal catch-up read \(fetched) entries")
    }

    // MARK: Shutdown

    /// Best effort within `budgetSeconds`: the daemon must exit promptly on SIGTERM.
    func unsubscribeAll(budgetSeconds: Double) {
        let deadline = Date().addingTimeInterval(budgetSeconds)
        let remaining = { max(0.1, deadline.timeIntervalSinceNow) }
        if !subscribedContacts.isEmpty {
            _ = try? channel.call(.unsubscribePresence, ["seqContactIDs": .array(subscribedContacts.map { .string($0) })], timeout: remaining())
        }
        for (_, crossRef) in monitors where !crossRef.isEmpty && Date() < deadline {
            _ = try? channel.call(.ctiLineMonitorStop, ["u8sMonitorCrossRefID": .string(crossRef)], timeout: remaining())
        }
        if config.subscribe.journal.enabled, Date() < deadline {
            _ = try? channel.call(.journalSubscribeEvents, ["bReceiveJournalEvents": false], timeout: remaining())
        }
    }
}
