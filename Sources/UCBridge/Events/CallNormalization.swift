import Foundation

/// `ucbridge.call.started` / `.updated` / `.ended` from CTI notifies and monitor snapshots
/// (ARCHITECTURE.md section 4, PROTOCOL.md 8.6). Presence `seqCalls` never produce call events.
extension Normalizer {
    func applyCall(_ info: CtiCallInformation, lineHint: String?, reason: CallChangeReason?, resynced: Bool, raw: JSONValue?,
                   state: inout BridgeState, out: inout BatchBuilder) {
        let id = info.connectionID
        let finished = info.callState == .destroyed || reason == .destroyed
        guard let old = state.activeCalls[id] else {
            // A destroyed call we never saw started yields nothing (its journal entry tells the story);
            // a late notify for a call that already ended must not start it again.
            if finished || state.endedCalls.contains(id) { return }
            let data = CallData.merge(info, lineHint: lineHint, into: nil, resynced: resynced)
            state.activeCalls[id] = data
            out.emit(.callStarted, subject: id, time: info.created, data: data, raw: raw, identity: "call:started:\(id)")
            out.change(.call(connectionID: id, line: data["line"]?.stringValue, active: true, data: data))
            return
        }
        var data = CallData.merge(info, lineHint: lineHint, into: old, resynced: resynced)
        if finished {
            data = CallData.ended(data, at: info.disconnected, reason: info.disconnectedReason, now: context.now())
            endCall(id, data: data, raw: raw, state: &state, out: &out)
            return
        }
        if data.comparable == old.comparable { return }
        state.activeCalls[id] = data
        let time: Date?
        switch info.callState {
        case .connected?: time = info.connected
        case .disconnected?: time = info.disconnected
        default: time = nil
        }
        let identity = resynced ? BatchBuilder.resyncIdentity(.callUpdated, subject: id, data: data) : nil
        out.emit(.callUpdated, subject: id, time: time, data: data, raw: raw, identity: identity)
        out.change(.call(connectionID: id, line: data["line"]?.stringValue, active: true, data: data))
    }

    /// A fresh monitor snapshot of a line: new calls start, known ones update, calls of that
    /// line missing from it ended while we were away.
    func applyLineSnapshotCalls(_ snapshot: CtiLineMonitorSnapshot, state: inout BridgeState, out: inout BatchBuilder) {
        let raw = snapshot.original.value ?? snapshot.json
        var present: Set<String> = []
        for call in snapshot.calls {
            present.insert(call.connectionID)
            applyCall(call, lineHint: snapshot.line, reason: nil, resynced: true, raw: raw, state: &state, out: &out)
        }
        let vanished = state.activeCalls.filter { $0.value["line"]?.stringValue == snapshot.line && !present.contains($0.key) }
        for (id, old) in vanished.sorted(by: { $0.key < $1.key }) {
            endCall(id, data: CallData.vanished(old, now: context.now()), raw: nil, state: &state, out: &out)
        }
    }

    /// After every monitor snapshot is in: calls on lines no longer monitored ended too.
    func endCallsOffLines(_ lines: Set<String>, state: inout BridgeState, out: inout BatchBuilder) {
        let vanished = state.activeCalls.filter { entry in
            guard let line = entry.value["line"]?.stringValue else { return true }
            return !lines.contains(line)
        }
        for (id, old) in vanished.sorted(by: { $0.key < $1.key }) {
            endCall(id, data: CallData.vanished(old, now: context.now()), raw: nil, state: &state, out: &out)
        }
    }

    private func endCall(_ id: String, data: JSONValue, raw: JSONValue?, state: inout BridgeState, out: inout BatchBuilder) {
        state.activeCalls.removeValue(forKey: id)
        state.endedCalls.insert(id)
        out.emit(.callEnded, subject: id, time: data["ended_at"]?.dateValue, data: data, raw: raw, identity: "call:ended:\(id)")
        out.change(.call(connectionID: id, line: data["line"]?.stringValue, active: false, data: data))
    }
}

/// The normalized call. A (possibly reduced) call information overrides only the members it
/// carries; everything else keeps the stored value (PROTOCOL.md section 11, item 10).
enum CallData {
    static func merge(_ info: CtiCallInformation, lineHint: String?, into old: JSONValue?, resynced: Bool) -> JSONValue {
        func keep(_ key: String) -> JSONValue { old?[key] ?? .null }
        let oldRemote = old?["remote"] ?? .null
        var number = oldRemote["number"] ?? .null
        if info.callerIDBlocked == true {
            number = .null
        } else if let n = info.remoteNumberSC {
            number = .text(n)
        }
        var name = oldRemote["name"] ?? .null
        var company = oldRemote["company"] ?? .null
        var contactID = oldRemote["contact_id"] ?? .null
        if let contact = info.remoteContact {
            name = .text(contact.bestName)
            company = .text(contact.company)
            contactID = .text(contact.entryID)
        }
        let stateName: JSONValue = info.callState.map { .string($0.name) } ?? old?["state"] ?? "unknown"
        let leaving = info.callState == .disconnected || info.callState == .destroyed
        var endedAt = keep("ended_at")
        var endReason = keep("end_reason")
        if leaving {
            if let d = info.disconnected { endedAt = .time(orNull: d) }
            if let r = info.disconnectedReason { endReason = .string(r.name) }
        }
        let line = JSONValue.text(info.linePhoneNumber ?? lineHint)
        let connectedAt: JSONValue = info.connected.map { .time(orNull: $0) } ?? keep("connected_at")
        var data: JSONValue = [
            "connection_id": .string(info.connectionID),
            "line": line.isNull ? keep("line") : line,
            "state": stateName,
            "direction": info.outbound.map { .string($0 ? "outbound" : "inbound") } ?? keep("direction"),
            "internal": info.internalCall.map { .bool($0) } ?? keep("internal"),
            "remote": ["number": number, "name": name, "company": company, "contact_id": contactID],
            "tracker_id": info.trackerID.map { .text($0) } ?? keep("tracker_id"),
            "started_at": info.created.map { .time(orNull: $0) } ?? keep("started_at"),
            "connected_at": connectedAt,
            "ended_at": endedAt,
            "end_reason": endReason,
            "duration_ms": .null,
            "resynced": .bool(resynced),
        ]
        data.set("duration_ms", duration(data))
        return data
    }

    /// The final form: state destroyed, end time and reason settled, duration known.
    static func ended(_ merged: JSONValue, at disconnected: Date?, reason: DisconnectedReason?, now: Date) -> JSONValue {
        var data = merged
        data.set("state", "destroyed")
        if let disconnected { data.set("ended_at", .time(orNull: disconnected)) }
        if data["ended_at"]?.isNull ?? true { data.set("ended_at", .time(orNull: now)) }
        if let reason { data.set("end_reason", .string(reason.name)) }
        if data["end_reason"]?.isNull ?? true { data.set("end_reason", "unknown") }
        data.set("duration_ms", duration(data))
        return data
    }

    /// A call missing from a fresh snapshot: it ended while we could not see it. The end time is
    /// when we noticed, unless the server had already told us the remote side left.
    static func vanished(_ old: JSONValue, now: Date) -> JSONValue {
        var data = ended(old, at: nil, reason: nil, now: now)
        data.set("resynced", true)
        return data
    }

    /// connected → disconnected in ms; 0 if never connected; null while the call runs.
    static func duration(_ data: JSONValue) -> JSONValue {
        guard let end = data["ended_at"]?.dateValue else { return .null }
        guard let start = data["connected_at"]?.dateValue else { return 0 }
        return .int(max(0, Int64((end.timeIntervalSince(start) * 1000).rounded())))
    }
}
