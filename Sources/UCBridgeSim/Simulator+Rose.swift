import Foundation
import UCBridge

/// Why an invoke gets a reject or an error instead of a result.
enum SimInvokeFailure: Error {
    case mistyped(String)                 // reject invokeProblem 2
    case requestError(Int64, String)      // error with AsnRequestError
}

extension Simulator {
    /// The operations the simulator answers, by id and by name (id 0 + name is legal).
    static let answered: [RoseOperation] = [
        .getLoggedInContactV2, .getAndSubscribePresenceV2, .unsubscribePresence, .ctiEnumPhoneLines,
        .ctiLineMonitorStart, .ctiLineMonitorStop, .journalSubscribeEvents, .getJournalEntriesV2,
        .getOfflineJournal, .checkConnection,
    ]

    /// Answers one invoke from a client (caller holds `lock`).
    func handleInvoke(_ invoke: RoseInvoke, session: SimSession) {
        if invoke.isEvent {
            let name = invoke.operationName ?? String(invoke.operationID)
            if invoke.operationID == RoseOperation.transportKeepAlive.id || invoke.operationID == RoseOperation.keepAlive.id
                || name == RoseOperation.transportKeepAlive.name || name == RoseOperation.keepAlive.name {
                session.keepalives[name, default: 0] += 1
            }
            return  // events are never answered
        }
        let op = Self.answered.first { $0.id == invoke.operationID }
            ?? (invoke.operationID == 0 ? Self.answered.first { $0.name == invoke.operationName } : nil)
        guard let op else {
            session.send(Self.reject(invokeID: invoke.invokeID, problem: 1, details: "unrecognisedOperation", sessionID: invoke.sessionID))
            return
        }
        var followUps: [JSONValue] = []
        do throws(SimInvokeFailure) {
            let result = try answer(op, invoke.argument, session: session, followUps: &followUps)
            session.send(RoseMessage.result(invokeID: invoke.invokeID, result: result, sessionID: invoke.sessionID).json)
            if !isSilenced { followUps.forEach { session.send($0) } }
        } catch {
            switch error {
            case let .mistyped(details):
                session.send(Self.reject(invokeID: invoke.invokeID, problem: 2, details: details, sessionID: invoke.sessionID))
            case let .requestError(detail, text):
                let body = RoseRequestError(detail: detail, message: text).json
                session.send(RoseMessage.error(invokedID: invoke.invokeID, errorValue: detail, error: body, sessionID: invoke.sessionID).json)
            }
        }
    }

    private func answer(_ op: RoseOperation, _ arg: JSONValue, session: SimSession, followUps: inout [JSONValue]) throws(SimInvokeFailure) -> JSONValue {
        guard arg.objectValue != nil else { throw .mistyped("argument is not an object") }
        switch op {
        case .getLoggedInContactV2:
            return state.loggedInContactResult(loginName: options.user)
        case .checkConnection:
            return ["u8sServerVersion": "8.0.0.0", "u8sProductVersion": "ucbridge-sim", "iProtocolVersion": 70,
                    "iOEMID": 0, "u8sCookie": ""]
        case .getAndSubscribePresenceV2:
            let ids = try stringList(arg, "seqContactIDs")
            var seq: [JSONValue] = []
            for id in ids {
                guard let contact = state.contacts[id] else { continue }
                session.presence.insert(id)
                let dnd = contact.lineURI.flatMap { state.line($0)?.doNotDisturb } ?? false
                seq.append(contact.presenceJSON(dnd: dnd))
            }
            return ["seqSubscribedPresence": .array(seq)]
        case .unsubscribePresence:
            for id in try stringList(arg, "seqContactIDs") { session.presence.remove(id) }
            return ["iResult": 0]
        case .ctiEnumPhoneLines:
            guard arg["typeofLines"]?.intValue != nil else { throw .mistyped("typeofLines missing") }
            let notify = arg["attachChangeNotify"]?.intValue ?? 0
            var result: JSONValue = ["seqLines": .array(state.lines.map(\.infoJSON))]
            if notify != 0 {
                let ref = session.lineListCrossRef ?? SimID.crossRef()
                session.lineListCrossRef = ref
                result.set("u8sLineMonitorCrossRefID", .string(ref))
            }
            return result
        case .ctiLineMonitorStart:
            guard let uri = arg["u8sLinePhoneNumber"]?.stringValue else { throw .mistyped("u8sLinePhoneNumber missing") }
            guard let line = state.line(uri) else { throw .requestError(3, "line \(uri) is unknown") }
            let ref = session.monitors[uri] ?? SimID.crossRef()
            session.monitors[uri] = ref
            return state.monitorStartResult(line: line, crossRef: ref)
        case .ctiLineMonitorStop:
            guard let ref = arg["u8sMonitorCrossRefID"]?.stringValue else { throw .mistyped("u8sMonitorCrossRefID missing") }
            guard let uri = session.monitors.first(where: { $0.value == ref })?.key else { throw .requestError(3, "monitor \(ref) is unknown") }
            session.monitors.removeValue(forKey: uri)
            return [:]
        case .journalSubscribeEvents:
            guard let subscribe = arg["bReceiveJournalEvents"]?.boolValue else { throw .mistyped("bReceiveJournalEvents missing") }
            session.journalSubscribed = subscribe
            if subscribe, let last = arg["iLastKnownGlobTransactionID"]?.intValue, last > 0 {
                followUps = journalCatchUp(after: last, max: arg["iMaxEntries"]?.intValue ?? 0)
            }
            return ["iResult": 0]
        case .getJournalEntriesV2:
            guard let find = arg["findOptions"], find.objectValue != nil else { throw .mistyped("findOptions missing") }
            return ["journalList": .array(try findJournal(find).map(\.json))]
        case .getOfflineJournal:
            guard let days = arg["iMaxDays"]?.intValue, arg["iMarkRead"]?.intValue != nil else { throw .mistyped("iMaxDays and iMarkRead are mandatory") }
            let from = Date().addingTimeInterval(-Double(days == 0 ? 365 : days) * 86400)
            let list = state.liveJournal.filter { $0.offline && $0.start >= from }
            if arg["iMarkRead"]?.intValue == 1 {
                for e in list { state.journal[e.connectionID]?.offline = false }
            }
            return ["journalList": .array(list.map(\.json))]
        default:
            throw .mistyped("unhandled")
        }
    }

    private func stringList(_ arg: JSONValue, _ key: String) throws(SimInvokeFailure) -> [String] {
        guard let list = arg[key]?.arrayValue else { throw .mistyped("\(key) missing") }
        return list.compactMap(\.stringValue)
    }

    /// Entries newer than `after` (oldest first, at most `max`, last 60 days) as journal-changed events.
    private func journalCatchUp(after: Int64, max: Int64) -> [JSONValue] {
        let horizon = Date().addingTimeInterval(-60 * 86400)
        var entries = state.journal.values.filter { $0.transactionID > after && $0.start >= horizon }
            .sorted { $0.transactionID < $1.transactionID }
        if max > 0, entries.count > Int(max) { entries = Array(entries.prefix(Int(max))) }
        return stride(from: 0, to: entries.count, by: 50).map { start in
            let chunk = entries[start..<min(start + 50, entries.count)]
            return Self.event(.journalEntryListChanged, [
                "iLastTransactionID": .int(state.lastTransactionID),
                "journalEntryChangedList": .array(chunk.map { $0.changedJSON(flags: $0.deleted ? 3 : 4) }),
            ])
        }
    }

    /// `asnGetJournalEntriesV2`: time window, transaction id, iFilter pairs, newest first, iMaxNumEntries.
    private func findJournal(_ find: JSONValue) throws(SimInvokeFailure) -> [SimJournalEntry] {
        // All mandatory in AsnNetDatabaseJournalFindOptionsV2; the server's decoder rejects a missing one.
        let mandatory = ["stStartTimeFrom", "stStartTimeTo", "u8slistLineUserNames", "u8slistPhoneNumber", "u8sContactName",
                         "u8sCompanyName", "u8sFilterText", "iMaxNumEntries", "iFilter"]
        for key in mandatory where find[key] == nil {
            throw .mistyped("findOptions.\(key) missing")
        }
        let from = find["stStartTimeFrom"]?.stringValue.flatMap(SimTime.parse)
        let to = find["stStartTimeTo"]?.stringValue.flatMap(SimTime.parse)
        let after = find["iLastKnownGlobTransactionID"]?.intValue ?? 0
        let filter = find["iFilter"]?.intValue ?? 0
        let limit = find["iMaxNumEntries"]?.intValue ?? 0
        func pair(_ a: Int64, _ b: Int64, _ isA: Bool) -> Bool {
            let wantA = filter & a != 0, wantB = filter & b != 0
            return wantA == wantB || (isA ? wantA : wantB)
        }
        var list = state.liveJournal.filter { e in
            (from.map { e.start >= $0 } ?? true) && (to.map { e.start <= $0 } ?? true) && e.transactionID > after
                && pair(1, 2, e.internalCall) && pair(4, 8, !e.outbound) && pair(16, 32, e.connect != nil)
                && (filter & 256 == 0 || !e.read)
        }
        if limit > 0, list.count > Int(limit) { list = Array(list.prefix(Int(limit))) }
        return list
    }
}
