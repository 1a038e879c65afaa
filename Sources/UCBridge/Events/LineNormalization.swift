import Foundation

/// `ucbridge.line.changed` from the line list, monitor snapshots and the CTI line notifies.
///
/// `state` comes from `iLineOpenStatus`: 2 (open) and 3 (open, no phone) are `online`; every
/// other status — closed, or open at the UCServer but without a working PBX link, login or
/// licence (4…9) — is `offline`, because no call can be seen or made on such a line.
extension Normalizer {
    func applyLineList(_ info: CtiLineInfo, state: inout BridgeState, out: inout BatchBuilder) {
        let old = state.lines[info.linePhoneNumber]
        let data = LineData.merge(line: info.linePhoneNumber, info: info, dnd: nil, forwards: nil, into: old, resynced: true)
        emitLine(data, change: LineData.change(from: old, to: data), raw: info.json, resynced: true, state: &state, out: &out)
    }

    func applyLineSnapshot(_ snapshot: CtiLineMonitorSnapshot, state: inout BridgeState, out: inout BatchBuilder) {
        let old = state.lines[snapshot.line]
        let data = LineData.merge(line: snapshot.line, info: snapshot.lineInfo, dnd: snapshot.doNotDisturb, forwards: snapshot.lineForwards,
                                  into: old, resynced: true)
        emitLine(data, change: LineData.change(from: old, to: data), raw: snapshot.original.value ?? snapshot.json, resynced: true,
                 state: &state, out: &out)
        applyLineSnapshotCalls(snapshot, state: &state, out: &out)
    }

    func applyLineEvent(_ event: CtiLineEvent, state: inout BridgeState, out: inout BatchBuilder) {
        let raw = event.json
        switch event {
        case let .infoChanged(_, line, info):
            let data = LineData.merge(line: line, info: info, dnd: nil, forwards: nil, into: state.lines[line], resynced: false)
            emitLine(data, change: "info", raw: raw, resynced: false, state: &state, out: &out)
        case let .doNotDisturbChanged(_, line, dnd):
            let data = LineData.merge(line: line, info: nil, dnd: dnd, forwards: nil, into: state.lines[line], resynced: false)
            emitLine(data, change: "dnd", raw: raw, resynced: false, state: &state, out: &out)
        case let .forwardingChanged(_, line, forwards):
            let data = LineData.merge(line: line, info: nil, dnd: nil, forwards: forwards, into: state.lines[line], resynced: false)
            emitLine(data, change: "forwarding", raw: raw, resynced: false, state: &state, out: &out)
        case let .addRemove(_, line, removed, info):
            let old = state.lines[line]
            if removed {
                guard var data = old else { return }
                data.set("change", "removed")
                data.set("state", "offline")
                data.set("resynced", false)
                state.lines.removeValue(forKey: line)
                out.emit(.lineChanged, subject: line, time: nil, data: data, raw: raw, identity: nil)
                out.change(.line(uri: line, data: nil))
            } else {
                let data = LineData.merge(line: line, info: info, dnd: nil, forwards: nil, into: old, resynced: false)
                emitLine(data, change: old == nil ? "added" : "info", raw: raw, resynced: false, state: &state, out: &out)
            }
        case .monitorStopped:
            // Only the cross-reference is known; the session restarts the monitor and its
            // snapshot reconciles the line.
            return
        }
    }

    private func emitLine(_ merged: JSONValue, change: String, raw: JSONValue?, resynced: Bool, state: inout BridgeState, out: inout BatchBuilder) {
        guard let line = merged["line"]?.stringValue else { return }
        if let old = state.lines[line], old.comparable == merged.comparable { return }
        var data = merged
        data.set("change", .string(change))
        state.lines[line] = data
        let identity = resynced ? BatchBuilder.resyncIdentity(.lineChanged, subject: line, data: data) : nil
        out.emit(.lineChanged, subject: line, time: nil, data: data, raw: raw, identity: identity)
        out.change(.line(uri: line, data: data))
    }
}

/// The normalized line. Besides the contract's members it carries `name` (descriptor) and
/// `number` (dialable number), so an `info` change has something to show.
enum LineData {
    static func merge(line: String, info: CtiLineInfo?, dnd: Bool?, forwards: [LineForward]?, into old: JSONValue?, resynced: Bool) -> JSONValue {
        func keep(_ key: String, _ fallback: JSONValue = .null) -> JSONValue { old?[key] ?? fallback }
        return [
            "line": .string(line),
            "change": keep("change", "info"),
            "dnd": dnd.map { .bool($0) } ?? keep("dnd", false),
            "forwards": forwards.map { .array($0.map(forwardJSON)) } ?? keep("forwards", []),
            "state": info?.lineOpenStatus.map { .string(isOnline($0) ? "online" : "offline") } ?? keep("state"),
            "name": info.map { .text($0.descriptor) } ?? keep("name"),
            "number": info.map { .text($0.phoneNumber) } ?? keep("number"),
            "resynced": .bool(resynced),
        ]
    }

    static func isOnline(_ openStatus: Int64) -> Bool { openStatus == 2 || openStatus == 3 }

    /// What a snapshot changed, most specific first.
    static func change(from old: JSONValue?, to new: JSONValue) -> String {
        guard let old else { return "added" }
        if old["dnd"] != new["dnd"] { return "dnd" }
        if old["forwards"] != new["forwards"] { return "forwarding" }
        return "info"
    }

    static func forwardJSON(_ f: LineForward) -> JSONValue {
        ["mode": .string(modeName(f.forwardMode)), "destination": .text(f.destination)]
    }

    /// `EnumForwardModes`: one bit per mode; combinations and unknown bits read `unknown`.
    static func modeName(_ mode: Int64) -> String {
        switch mode {
        case 1: return "immediate"
        case 2: return "busy"
        case 4: return "no_answer"
        case 8: return "busy_internal"
        case 16: return "busy_external"
        case 32: return "no_answer_internal"
        case 64: return "no_answer_external"
        case 128: return "immediate_internal"
        case 256: return "immediate_external"
        case 512: return "disconnected"
        case 1024: return "disconnected_internal"
        case 2048: return "disconnected_external"
        default: return "unknown"
        }
    }
}
