import Foundation
import UCBridge

extension Simulator {
    /// `POST /sim/fault/drop {"reset"?: bool}`: ends every WebSocket at the TCP level, no close
    /// frame: FIN by default, a TCP reset with `"reset": true`.
    public func faultDrop(_ json: JSONValue = [:]) -> JSONValue {
        let reset = json["reset"]?.boolValue ?? false
        return lock.withLock {
            let live = sessions.values.filter(\.isConnected)
            for s in live {
                s.closeReason = reset ? "reset by fault" : "dropped by fault"
                if reset { s.socket?.abort() } else { s.socket?.shutdown() }
            }
            return ["dropped": .int(Int64(live.count))]
        }
    }

    /// `POST /sim/fault/createsession {"status": 502, "count": N}`: the next N createsessions fail.
    public func faultCreateSession(_ json: JSONValue) -> JSONValue {
        let body = SimControlBody(json: json)
        let status = Int(body.int("status") ?? 502)
        let count = Int(body.int("count") ?? 1)
        lock.withLock { faultCreateSession = count > 0 ? (status, count) : nil }
        return ["status": .int(Int64(status)), "count": .int(Int64(count))]
    }

    /// `POST /sim/fault/silence {"seconds": N}`: WebSockets neither read, answer nor send for N s
    /// (0 ends the silence). State changes still apply.
    public func faultSilence(_ json: JSONValue) -> JSONValue {
        let seconds = json["seconds"]?.doubleValue ?? 10
        lock.withLock {
            silencedUntil = seconds > 0 ? Date().addingTimeInterval(seconds) : nil
            lock.broadcast()
        }
        return ["seconds": .double(seconds)]
    }

    /// `POST /sim/fault/password {"password"}`: changes the accepted password.
    public func faultPassword(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let pw = try SimControlBody(json: json).requireString("password")
        lock.withLock { password = pw }
        return ["changed": true]
    }

    /// `POST /sim/fault/malformed {"kind"}`: sends a broken message to every session.
    /// Kinds: not_json, truncated_json, invalid_utf8, oversized (`"bytes"`, default 20 MiB),
    /// bad_envelope (JSON without a ROSE member), binary (a non-JSON binary frame).
    public func faultMalformed(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let kind = json["kind"]?.stringValue ?? "not_json"
        let frame: WebSocketFrame
        switch kind {
        case "not_json":
            frame = WebSocketFrame(opcode: .text, payload: Array("this is not JSON".utf8))
        case "truncated_json":
            frame = WebSocketFrame(opcode: .text, payload: Array(#"{"invoke":{"invokeID":99999,"operationID":4504,"operationName":"asnUpd"#.utf8))
        case "invalid_utf8":
            frame = WebSocketFrame(opcode: .text, payload: Array(#"{"invoke":{"invokeID":99999,"x":""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}}"#.utf8))
        case "bad_envelope":
            frame = WebSocketFrame(opcode: .text, payload: Array(#"{"hello":"world"}"#.utf8))
        case "binary":
            frame = WebSocketFrame(opcode: .binary, payload: [0x30, 0x82, 0x01, 0x00, 0xA1, 0x03])
        case "oversized":
            let size = Int(json["bytes"]?.intValue ?? 20 * 1024 * 1024)
            let head = Array(#"{"invoke":{"invokeID":99999,"operationID":4999,"operationName":"asnSimPadding","argument":{"pad":""#.utf8)
            let tail = Array(#""}}}"#.utf8)
            frame = WebSocketFrame(opcode: .text, payload: head + [UInt8](repeating: UInt8(ascii: "x"), count: max(0, size - head.count - tail.count)) + tail)
        default:
            throw SimControlError(400, "unknown kind \(kind); one of not_json, truncated_json, invalid_utf8, bad_envelope, binary, oversized")
        }
        let sent = lock.withLock { broadcastFrame(frame) }
        return ["kind": .string(kind), "bytes": .int(Int64(frame.payload.count)), "sent": .int(Int64(sent))]
    }

    private func broadcastFrame(_ frame: WebSocketFrame) -> Int {
        sessions.values.filter(\.isConnected).reduce(0) { $0 + ($1.sendFrame(frame) ? 1 : 0) }
    }

    /// `POST /sim/send {"message": {…}}` or `{"text": "…"}`: sends exactly that to every session.
    public func controlSend(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let payload: [UInt8]
        if let text = json["text"]?.stringValue { payload = Array(text.utf8) }
        else if let message = json["message"] { payload = message.jsonBytes }
        else { throw SimControlError(400, "\"message\" (JSON) or \"text\" (string) is required") }
        let sent = lock.withLock { broadcastFrame(WebSocketFrame(opcode: .text, payload: payload)) }
        return ["sent": .int(Int64(sent))]
    }

    /// `POST /sim/fault/invoke {"operation_id", "operation_name"?, "argument"?, "wait_seconds"?}`:
    /// sends a real server→client invoke (fresh invokeID) to every session and, with
    /// `wait_seconds`, waits for the answers (result, error or reject).
    public func faultInvoke(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let body = SimControlBody(json: json)
        let opID = try body.requireInt("operation_id")
        let name = body.string("operation_name") ?? "asnSimUnknownOperation"
        let argument = json["argument"] ?? [:]
        let wait = json["wait_seconds"]?.doubleValue ?? 0
        lock.lock()
        defer { lock.unlock() }
        var ids: [Int64] = []
        for s in sessions.values.filter(\.isConnected) {
            let id = nextServerInvokeID
            nextServerInvokeID = nextServerInvokeID % 99998 + 1
            let message = RoseMessage.invoke(RoseInvoke(invokeID: id, operationID: opID, operationName: name, argument: argument)).json
            serverInvokes[id] = ["invokeID": .int(id), "session_id": .string(s.id), "operation_id": .int(opID), "answer": .null]
            if s.send(message) { ids.append(id) }
        }
        let deadline = Date().addingTimeInterval(min(wait, 30))
        while !stopping, ids.contains(where: { serverInvokes[$0]?["answer"]?.isNull ?? false }), lock.wait(until: deadline) {}
        return ["invokes": .array(ids.compactMap { serverInvokes[$0] })]
    }

    /// `POST /sim/burst {"presence": N, "calls": M}`: N presence updates and M call notifies as
    /// fast as the sockets take them; answers when all were written.
    public func controlBurst(_ json: JSONValue) -> JSONValue {
        let presenceCount = max(0, Int(json["presence"]?.intValue ?? 0))
        let callCount = max(0, Int(json["calls"]?.intValue ?? 0))
        let started = Date()
        return lock.withLock {
            var presenceSent = 0, callSent = 0
            let live = sessions.values.filter(\.isConnected)
            for session in live { session.cork() }
            defer {
                for session in live {
                    session.uncork()
                    session.stopCorking()
                }
            }
            let subscribed = Set(sessions.values.flatMap(\.presence))
            let ids = state.contacts.keys.filter { subscribed.contains($0) }.sorted()
            let targets = ids.isEmpty ? Array(state.contacts.keys.sorted().prefix(100)) : ids
            for i in 0..<presenceCount where !targets.isEmpty {
                guard var c = state.contacts[targets[i % targets.count]] else { continue }
                c.presenceState = c.presenceState & 0xFF == 1 ? 2 : 1
                state.contacts[c.id] = c
                presenceSent += sendPresenceUpdate(c, changed: PresenceSection.presence)
            }
            let cycle: [SimCallState] = [.offering, .connected, .destroyed]
            var current: String?
            for i in 0..<callCount {
                let step = cycle[i % 3]
                var fields: [(String, JSONValue)] = [("state", .string(step.rawValue)), ("journal", false)]
                if step != .offering, let current { fields.append(("connection_id", .string(current))) }
                if let answer = try? changeCall(SimControlBody(json: .object(fields))) {
                    current = answer["connection_id"]?.stringValue
                    callSent += Int(answer["sent"]?.intValue ?? 0)
                }
            }
            return ["presence_sent": .int(Int64(presenceSent)), "call_notifies_sent": .int(Int64(callSent)),
                    "sessions": .int(Int64(sessions.values.filter(\.isConnected).count)),
                    "elapsed_ms": .int(Int64(Date().timeIntervalSince(started) * 1000))]
        }
    }
}
