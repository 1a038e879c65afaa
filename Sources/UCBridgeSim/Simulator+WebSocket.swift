import Foundation
import UCBridge

extension Simulator {
    /// Runs one WebSocket until either side closes. `leftover` = bytes read after the upgrade request.
    func runWebSocket(_ socket: SimSocket, session: SimSession, leftover: [UInt8]) {
        var decoder = WebSocketFrameDecoder(role: .server, maxFrameSize: options.maxMessageSize)
        var assembler = WebSocketMessageAssembler(maxMessageSize: options.maxMessageSize)
        decoder.append(leftover)
        var reason = "client closed the connection"
        loop: while true {
            guard waitWhileSilenced() else { reason = "simulator stopped"; break }
            do {
                while let frame = try decoder.next() {
                    guard let event = try assembler.consume(frame) else { continue }
                    if !handle(event, session: session) { reason = "close handshake"; break loop }
                }
            } catch {
                log.notice("websocket protocol error", ["session": session.id, "error": error.description])
                lock.withLock { session.sendClose(code: error.closeCode, reason: error.description) }
                reason = "protocol error: \(error.description)"
                break
            }
            let bytes = socket.read()
            if bytes.isEmpty { break }
            decoder.append(bytes)
        }
        lock.withLock {
            if session.closedAt == nil {
                session.closedAt = Date()
                session.closeReason = session.closeReason ?? reason
            }
            sessions.removeValue(forKey: session.id)
            closedSessions.append(session)
            if closedSessions.count > 50 { closedSessions.removeFirst() }
            lock.broadcast()
        }
        log.info("websocket closed", ["session": session.id, "reason": session.closeReason ?? reason])
    }

    /// Blocks while the silence fault is active; false when the simulator stops.
    private func waitWhileSilenced() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        while !stopping, let until = silencedUntil, until > Date() { _ = lock.wait(until: until) }
        return !stopping
    }

    /// false = the connection is done (close handshake).
    private func handle(_ event: WebSocketEvent, session: SimSession) -> Bool {
        switch event {
        case let .text(text):
            receive(Array(text.utf8), session: session)
        case let .binary(bytes):
            if let first = bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                receive(bytes, session: session)
            } else {
                lock.withLock { record(["session": .string(session.id), "direction": "in", "error": "binary BER message ignored"]) }
            }
        case let .ping(payload):
            lock.withLock { if !isSilenced { session.sendFrame(WebSocketFrame(opcode: .pong, payload: payload)) } }
        case .pong:
            break
        case let .close(code, _):
            lock.withLock {
                session.sendClose(code: code ?? 1000, reason: "")
                session.closeReason = "client sent close \(code.map(String.init) ?? "without code")"
                session.socket?.shutdown()
            }
            return false
        }
        return true
    }

    /// One ROSE text message (possibly an array of messages).
    private func receive(_ bytes: [UInt8], session: SimSession) {
        lock.lock()
        defer { lock.unlock() }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            // The server's runtime only logs text that is not JSON (PROTOCOL.md 2.3).
            session.receivedMessages += 1
            record(["session": .string(session.id), "direction": "in", "error": .string("not JSON: \(error)"),
                    "text": .string(String(decoding: bytes.prefix(4096), as: UTF8.self))])
            return
        }
        let elements = value.arrayValue ?? [value]
        for element in elements {
            session.receivedMessages += 1
            session.lastMessage = element
            record(["session": .string(session.id), "direction": "in", "message": element])
            do {
                let message = try RoseMessage.decode(element)
                process(message, raw: element, session: session)
            } catch {
                // Undecodable envelope: reject with mistypedArgument, the id if there is one.
                let id = element["invoke"]?["invokeID"]?.intValue ?? 0
                session.send(Self.reject(invokeID: id, problem: 2, details: error.description, sessionID: nil))
            }
        }
    }

    private func process(_ message: RoseMessage, raw: JSONValue, session: SimSession) {
        switch message {
        case let .invoke(invoke):
            handleInvoke(invoke, session: session)
        case let .result(id, result, _):
            noteResponse(session: session, ["invokeID": .int(id), "kind": "result", "result": result])
        case let .error(id, _, error, _):
            noteResponse(session: session, ["invokeID": .int(id), "kind": "error", "error": error ?? .null])
        case let .reject(id, problem, details, _):
            var entry: JSONValue = ["invokedID": .int(orNull: id), "kind": "reject"]
            if let p = raw["reject"]?["reject"] { entry.set("problem", p) } else if problem == nil { entry.set("problem", .null) }
            entry.set("details", .string(orNull: details))
            session.rejects.append(entry)
            if session.rejects.count > 100 { session.rejects.removeFirst() }
            if let id { serverInvokes[id]?.set("answer", entry) }
            lock.broadcast()
        }
    }

    private func noteResponse(session: SimSession, _ entry: JSONValue) {
        session.responses.append(entry)
        if session.responses.count > 100 { session.responses.removeFirst() }
        if let id = entry["invokeID"]?.intValue { serverInvokes[id]?.set("answer", entry) }
        lock.broadcast()
    }

    /// A reject as the C++ runtime writes it: id 0 becomes `{"invokednull": 0}`.
    static func reject(invokeID: Int64, problem: Int64, details: String, sessionID: String?) -> JSONValue {
        var body: JSONValue = [
            "invokedID": invokeID == 0 ? ["invokednull": 0] : ["invokedID": .int(invokeID)],
            "reject": ["invokeProblem": .int(problem)],
            "details": .string(details),
        ]
        if let sessionID { body.set("sessionID", .string(sessionID)) }
        return ["reject": body]
    }

    /// Sends to every connected session matching `filter` unless silenced (caller holds `lock`).
    func broadcast(_ filter: (SimSession) -> JSONValue?) -> Int {
        guard !isSilenced else { return 0 }
        var sent = 0
        for session in sessions.values.sorted(by: { $0.created < $1.created }) where session.isConnected {
            if let message = filter(session), session.send(message) { sent += 1 }
        }
        return sent
    }

    /// Sends the same message to every connected session `filter` accepts. (A separate overload
    /// because `cond ? message : nil` would turn `nil` into `JSONValue.null`, not "skip".)
    func broadcast(_ message: JSONValue, to filter: (SimSession) -> Bool) -> Int {
        broadcast { (session: SimSession) -> JSONValue? in filter(session) ? .some(message) : .none }
    }

    static func event(_ op: RoseOperation, _ argument: JSONValue) -> JSONValue {
        RoseMessage.invoke(RoseInvoke(invokeID: roseEventInvokeID, operationID: op.id, operationName: op.name, argument: argument)).json
    }
}
