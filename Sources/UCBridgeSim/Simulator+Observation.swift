import Foundation
import UCBridge

extension Simulator {
    /// `GET /sim/state`: the whole world as JSON (snake_case, not the wire format).
    public func stateJSON() -> JSONValue {
        lock.withLock {
            let contacts: [JSONValue] = state.contacts.values.sorted { $0.id < $1.id }.map { c in
                ["contact": .string(c.id), "display_name": .string(c.displayName), "state": .int(c.presenceState),
                 "note": .string(c.note), "absent_state": .int(c.absentState), "line": .string(orNull: c.lineURI)]
            }
            let lines: [JSONValue] = state.lines.map { l in
                ["line": .string(l.uri), "descriptor": .string(l.descriptor), "phone_number": .string(l.phoneNumber),
                 "dnd": .bool(l.doNotDisturb), "forwards": .array(l.forwards.map(\.json))]
            }
            let calls: [JSONValue] = state.calls.values.sorted { $0.created < $1.created }.map { c in
                ["connection_id": .string(c.connectionID), "line": .string(c.line), "state": .string(c.state.rawValue),
                 "outbound": .bool(c.outbound), "remote": .string(c.remoteNumber), "remote_name": .string(orNull: c.remoteName),
                 "created": .string(SimTime.format(c.created)), "connected": .string(SimTime.format(c.connected)),
                 "disconnected": .string(SimTime.format(c.disconnected))]
            }
            let journal: [JSONValue] = state.journal.values.sorted { $0.transactionID < $1.transactionID }.map { e in
                var j = e.json
                j.set("deleted", .bool(e.deleted))
                j.set("offline", .bool(e.offline))
                return j
            }
            return ["login_contact": .string(state.loginContactID), "contacts": .array(contacts), "lines": .array(lines),
                    "calls": .array(calls), "journal": .array(journal), "last_transaction_id": .int(state.lastTransactionID)]
        }
    }

    /// `GET /sim/sessions`: connected sessions, then the last closed ones (`?all=1`).
    public func sessionsJSON(includeClosed: Bool) -> JSONValue {
        lock.withLock {
            var list = sessions.values.filter { $0.socket != nil }.sorted { $0.created < $1.created }
            if includeClosed { list = closedSessions + list }
            return ["sessions": .array(list.map(\.json)), "silenced": .bool(isSilenced)]
        }
    }

    /// `GET /sim/log?limit=N&since=SEQ`: messages received from clients (and HTTP requests).
    public func logJSON(limit: Int, since: Int64) -> JSONValue {
        lock.withLock {
            let entries = messageLog.filter { ($0["seq"]?.intValue ?? 0) > since }
            return ["entries": .array(Array(entries.suffix(max(1, limit)))), "last_seq": .int(messageLogSequence)]
        }
    }

    /// Waits until at least `count` sessions are connected (tests; bounded by `timeout`).
    public func waitForSessions(_ count: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while sessions.values.filter(\.isConnected).count < count {
            if stopping || !lock.wait(until: deadline) { return false }
        }
        return true
    }
}
