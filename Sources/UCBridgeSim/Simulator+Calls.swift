import Foundation
import UCBridge

extension Simulator {
    /// `POST /sim/call`: creates or changes a call and sends asnCtiNotifyLineCallInformationChanged
    /// to sessions monitoring its line. `destroyed` removes it and (unless `"journal": false`)
    /// writes its journal entry.
    public func controlCall(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        try locked { () throws(SimControlError) -> JSONValue in try changeCall(SimControlBody(json: json)) }
    }

    /// Caller holds `lock`.
    func changeCall(_ body: SimControlBody, now: Date = Date()) throws(SimControlError) -> JSONValue {
        let stateName = body.string("state")
        let existing = body.string("connection_id").flatMap { state.calls[$0] }
        var call: SimCall
        if let existing {
            call = existing
        } else {
            let line = body.string("line") ?? state.lines.first?.uri ?? ""
            guard state.line(line) != nil else { throw SimControlError(404, "unknown line \(line)") }
            let outbound = body.bool("outbound") ?? false
            call = SimCall(
                connectionID: body.string("connection_id") ?? SimID.guid(), line: line, state: outbound ? .dialing : .offering,
                outbound: outbound, remoteNumber: body.string("remote") ?? "+4940555987654", trackerID: SimID.guid(),
                pbxCallID: "0x" + SimID.hex(3), created: now)
        }
        if let stateName {
            guard let s = SimCallState(rawValue: stateName) else {
                throw SimControlError(400, "unknown state \(stateName); one of \(SimCallState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            call.state = s
        }
        if let v = body.string("remote") { call.remoteNumber = v }
        if let v = body.string("remote_name") { call.remoteName = v }
        if let v = body.string("remote_company") { call.remoteCompany = v }
        if let v = body.bool("internal") { call.internalCall = v }
        switch call.state {
        case .connected where call.connected == nil:
            call.connected = now
        case .disconnected, .destroyed:
            if call.disconnected == nil, call.connected != nil { call.disconnected = now }
            if call.connected == nil, body.int("disconnected_reason") == nil { call.disconnectedReason = 1 }
        default:
            break
        }
        if let v = body.int("disconnected_reason") { call.disconnectedReason = v }
        let reason = body.int("reason") ?? call.state.reason
        if call.state == .destroyed {
            state.calls.removeValue(forKey: call.connectionID)
        } else {
            state.calls[call.connectionID] = call
        }
        let sent = sendCallNotify(call, reason: reason)
        var answer: JSONValue = ["connection_id": .string(call.connectionID), "state": .string(call.state.rawValue),
                                 "reason": .int(reason), "sent": .int(Int64(sent))]
        if call.state == .destroyed, body.bool("journal") ?? true {
            let entry = journalEntry(for: call, stop: now)
            answer.set("journal", addJournal(entry, flags: 1))
        }
        return answer
    }

    /// Caller holds `lock`.
    func sendCallNotify(_ call: SimCall, reason: Int64) -> Int {
        let info = state.callInformationJSON(call)
        return broadcast { session in
            guard let ref = session.monitors[call.line] else { return .none }
            return Self.event(.ctiNotifyLineCallInformationChanged, [
                "u8sMonitorCrossRefID": .string(ref), "u8sLinePhoneNumber": .string(call.line), "reason": .int(reason),
                "callinformation": info,
            ])
        }
    }

    private func journalEntry(for call: SimCall, stop: Date) -> SimJournalEntry {
        let line = state.line(call.line)
        return SimJournalEntry(
            connectionID: call.connectionID, start: call.created, stop: stop, connect: call.connected,
            disconnect: call.connected == nil ? nil : (call.disconnected ?? stop), outbound: call.outbound, internalCall: call.internalCall,
            lineNumber: line?.phoneNumber ?? "", lineName: state.loginContact?.displayName ?? "",
            lineUserName: state.loginContact?.userName ?? "", localNumber: line?.addressName ?? "", phoneNumber: call.remoteNumber,
            contactName: call.remoteName ?? "", contactCompany: call.remoteCompany ?? "", trackerID: call.trackerID, transactionID: 0)
    }

    // MARK: Lines

    /// `POST /sim/line/dnd {"line", "dnd": bool}` → asnCtiNotifyLineDoNotDisturbChanged.
    public func controlLineDoNotDisturb(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let body = SimControlBody(json: json)
        let uri = try body.requireString("line")
        guard let on = body.bool("dnd") else { throw SimControlError(400, "\"dnd\" (bool) is required") }
        return try locked { () throws(SimControlError) -> JSONValue in
            guard let i = state.lineIndex(uri) else { throw SimControlError(404, "unknown line \(uri)") }
            state.lines[i].doNotDisturb = on
            let sent = broadcast { s in
                s.monitors[uri].map { ref in
                    Self.event(.ctiNotifyLineDoNotDisturbChanged, ["u8sMonitorCrossRefID": .string(ref), "u8sLinePhoneNumber": .string(uri),
                                                                   "iDoNotDisturb": .int(on ? 1 : 0), "optionalParams": ["BusyOnBusy": 0]])
                }
            }
            return ["line": .string(uri), "dnd": .bool(on), "sent": .int(Int64(sent))]
        }
    }

    /// `POST /sim/line/forward {"line", "forwards": [{"mode", "destination", "no_answer_time"}]}`
    /// (or a single `"destination"`/`"mode"`; empty = no forwards) → asnCtiNotifyLineForwardingChanged.
    public func controlLineForward(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let body = SimControlBody(json: json)
        let uri = try body.requireString("line")
        var list = json["forwards"]?.arrayValue ?? []
        if json["forwards"] == nil, let dest = body.string("destination"), !dest.isEmpty {
            list = [["destination": .string(dest), "mode": .int(body.int("mode") ?? 1), "no_answer_time": .int(body.int("no_answer_time") ?? 0)]]
        }
        let forwards = list.enumerated().map { i, f in
            SimForward(internalID: Int64(i + 1), mode: f["mode"]?.intValue ?? 1, destination: f["destination"]?.stringValue ?? "",
                       noAnswerTime: f["no_answer_time"]?.intValue ?? 0)
        }
        return try locked { () throws(SimControlError) -> JSONValue in
            guard let i = state.lineIndex(uri) else { throw SimControlError(404, "unknown line \(uri)") }
            state.lines[i].forwards = forwards
            let seq = JSONValue.array(forwards.map(\.json))
            let sent = broadcast { s in
                s.monitors[uri].map { ref in
                    Self.event(.ctiNotifyLineForwardingChanged, ["u8sMonitorCrossRefID": .string(ref), "u8sLinePhoneNumber": .string(uri),
                                                                 "seqLineForwards": seq])
                }
            }
            return ["line": .string(uri), "forwards": seq, "sent": .int(Int64(sent))]
        }
    }

    /// `POST /sim/line/add {"line", "descriptor"?, "phone_number"?}` → asnCtiNotifyLineAddRemove (0).
    public func controlLineAdd(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let body = SimControlBody(json: json)
        let uri = try body.requireString("line")
        return try locked { () throws(SimControlError) -> JSONValue in
            guard state.line(uri) == nil else { throw SimControlError(409, "line \(uri) exists") }
            let number = body.string("phone_number") ?? uri.dropFirst(4).prefix { $0 != ";" && $0 != "@" }.description
            let line = SimLine(uri: uri, descriptor: body.string("descriptor") ?? "Additional line", phoneNumber: number,
                               type: body.int("type") ?? 3, lineFeatures: 5, addressName: String(number.suffix(3)))
            state.lines.append(line)
            return ["line": .string(uri), "sent": .int(Int64(sendLineAddRemove(line, removed: false)))]
        }
    }

    /// `POST /sim/line/remove {"line"}` → asnCtiNotifyLineAddRemove (1) and asnCtiNotifyMonitorStopped;
    /// the line's calls vanish without events.
    public func controlLineRemove(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let uri = try SimControlBody(json: json).requireString("line")
        return try locked { () throws(SimControlError) -> JSONValue in
            guard let i = state.lineIndex(uri) else { throw SimControlError(404, "unknown line \(uri)") }
            let line = state.lines.remove(at: i)
            state.calls = state.calls.filter { $0.value.line != uri }
            let sent = sendLineAddRemove(line, removed: true)
            let stopped = broadcast { s in
                s.monitors.removeValue(forKey: uri).map { Self.event(.ctiNotifyMonitorStopped, ["u8sMonitorCrossRefID": .string($0)]) }
            }
            return ["line": .string(uri), "sent": .int(Int64(sent)), "monitors_stopped": .int(Int64(stopped))]
        }
    }

    private func sendLineAddRemove(_ line: SimLine, removed: Bool) -> Int {
        broadcast { s in
            s.lineListCrossRef.map { ref in
                Self.event(.ctiNotifyLineAddRemove, ["u8sLineMonitorCrossRefID": .string(ref), "u8sLinePhoneNumber": .string(line.uri),
                                                     "addremove": .int(removed ? 1 : 0), "lineInfo": line.infoJSON])
            }
        }
    }
}
