import Foundation

/// Why an invoke did not produce a result.
public enum RoseCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server answered with a ROSE error (`AsnRequestError`).
    case failed(RoseOperation, RoseRequestError)
    /// The server rejected the invoke (e.g. unknown operation on this route).
    case rejected(RoseOperation, RoseRejectProblem?, String?)
    case timedOut(RoseOperation, seconds: Double)
    /// The connection ended before the answer arrived.
    case connectionClosed(String)

    public var description: String {
        switch self {
        case let .failed(op, e): return "\(op.name) failed: \(e.message.isEmpty ? "error \(e.detail)" : "\(e.message) (error \(e.detail))")"
        case let .rejected(op, p, d): return "\(op.name) rejected by the server: \(d ?? "no details")\(p.map { " (\($0))" } ?? "")"
        case let .timedOut(op, s): return "\(op.name) got no answer within \(Int(s)) s"
        case let .connectionClosed(why): return "connection closed: \(why)"
        }
    }
}

/// How a channel's read loop ended.
public enum ChannelEnd: Sendable, Equatable, CustomStringConvertible {
    case stopped
    case closedByServer(code: UInt16?, reason: String)
    case silence(seconds: Double)
    case loggedOff
    case sessionInvalid
    case failed(String)

    public var description: String {
        switch self {
        case .stopped: return "stopped"
        case let .closedByServer(code, reason):
            return "server closed the WebSocket\(code.map { " (code \($0))" } ?? "")\(reason.isEmpty ? "" : ": \(reason)")"
        case let .silence(s): return "no data from the server for \(Int(s)) s"
        case .loggedOff: return "server ended the session (asnLogoff)"
        case .sessionInvalid: return "server reports the session as invalid"
        case let .failed(why): return why
        }
    }
}

/// ROSE over one WebSocket connection: correlates invokes with results, errors and rejects,
/// hands events (invokeID 99999) to `onEvent`, rejects real server invokes we do not
/// implement, sends keepalives and notices silence.
///
/// One thread runs `run()` and owns the connection; any other thread may `call()`, which
/// enqueues the invoke and blocks until its answer arrives. `onResult` closures run on the
/// connection's thread before the caller wakes, so a subscription snapshot reaches the
/// normalizer in order with the events that follow it.
public final class RoseChannel: @unchecked Sendable {
    public struct Timing: Sendable {
        public var keepaliveSeconds: Double
        /// Silence longer than this ends the connection (pings are sent meanwhile, so a live
        /// server always has something to say).
        public var silenceSeconds: Double

        public init(keepaliveSeconds: Double, silenceSeconds: Double) {
            self.keepaliveSeconds = keepaliveSeconds
            self.silenceSeconds = silenceSeconds
        }
    }

    private final class PendingInvoke {
        let operation: RoseOperation
        let deadline: Date
        let timeout: Double
        let onResult: ((JSONValue) -> Void)?
        var outcome: Result<JSONValue, RoseCallError>?

        init(operation: RoseOperation, timeout: Double, onResult: ((JSONValue) -> Void)?) {
            self.operation = operation
            self.timeout = timeout
            self.deadline = Date().addingTimeInterval(timeout)
            self.onResult = onResult
        }
    }

    private let connection: WebSocketConnection
    private let timing: Timing
    private let logger: Logger
    private let metrics: Metrics
    private let onEvent: (RoseInvoke) -> Void
    private let condition = NSCondition()
    private var pending: [Int64: PendingInvoke] = [:]
    private var lastInvokeID: Int64 = 0
    private var closedReason: String?
    private var stopRequested = false

    public init(connection: WebSocketConnection, timing: Timing, logger: Logger, metrics: Metrics,
                onEvent: @escaping (RoseInvoke) -> Void) {
        self.connection = connection
        self.timing = timing
        self.logger = logger
        self.metrics = metrics
        self.onEvent = onEvent
    }

    // MARK: Calling (any thread)

    /// Sends an invoke and waits for its answer. `onResult` runs on the connection thread.
    public func call(_ operation: RoseOperation, _ argument: JSONValue, timeout: Double,
                     onResult: ((JSONValue) -> Void)? = nil) throws(RoseCallError) -> JSONValue {
        let invoke = PendingInvoke(operation: operation, timeout: timeout, onResult: onResult)
        condition.lock()
        if let reason = closedReason {
            condition.unlock()
            throw .connectionClosed(reason)
        }
        let id = nextInvokeID()
        pending[id] = invoke
        condition.unlock()

        let message = RoseMessage.invoke(RoseInvoke(invokeID: id, operationID: operation.id, operationName: operation.name, argument: argument))
        logger.debug("invoke \(operation.name)", ["invoke_id": String(id)])
        connection.enqueue(text: message.jsonText)

        condition.lock()
        defer { condition.unlock() }
        while invoke.outcome == nil {
            // The connection thread fails timed-out invokes; the extra second only guards
            // against a stalled connection thread.
            if !condition.wait(until: invoke.deadline.addingTimeInterval(1)), invoke.outcome == nil {
                pending[id] = nil
                invoke.outcome = .failure(.timedOut(operation, seconds: timeout))
            }
        }
        switch invoke.outcome! {
        case let .success(v): return v
        case let .failure(e): throw e
        }
    }

    /// Sends an event (invokeID 99999), e.g. a keepalive. Events are never answered.
    public func notify(_ operation: RoseOperation, _ argument: JSONValue) {
        let message = RoseMessage.invoke(RoseInvoke(invokeID: roseEventInvokeID, operationID: operation.id, operationName: operation.name, argument: argument))
        connection.enqueue(text: message.jsonText)
    }

    /// Asks `run()` to close the connection and return `.stopped`.
    public func stop() {
        condition.withLock { stopRequested = true }
        connection.wake()
    }

    /// Ids 1…99998, wrapping, never one still pending (99999 marks events).
    private func nextInvokeID() -> Int64 {
        repeat {
            lastInvokeID = lastInvokeID >= 99998 ? 1 : lastInvokeID + 1
        } while pending[lastInvokeID] != nil
        return lastInvokeID
    }

    // MARK: The connection thread

    /// Reads until the connection ends; returns why. Fails every pending invoke on the way out.
    public func run() -> ChannelEnd {
        let end = loop()
        condition.lock()
        closedReason = end.description
        let orphans = pending
        pending.removeAll()
        for (_, p) in orphans { p.outcome = .failure(.connectionClosed(end.description)) }
        condition.broadcast()
        condition.unlock()
        return end
    }

    private func loop() -> ChannelEnd {
        var lastInbound = Date()
        var nextKeepalive = Date().addingTimeInterval(timing.keepaliveSeconds)
        while true {
            if condition.withLock({ stopRequested }) {
                connection.close(code: 1000, reason: "ucbridge stopping")
                return .stopped
            }
            let now = Date()
            if now >= nextKeepalive {
                notify(.transportKeepAlive, ["dummy": .null])
                try? connection.sendPing()
                nextKeepalive = now.addingTimeInterval(timing.keepaliveSeconds)
            }
            let silence = now.timeIntervalSince(lastInbound)
            if silence >= timing.silenceSeconds {
                connection.close(code: 1001, reason: "keepalive timeout")
                return .silence(seconds: silence)
            }
            expireTimedOutInvokes(now: now)
            var wait = min(nextKeepalive.timeIntervalSince(now), timing.silenceSeconds - silence)
            if let soonest = condition.withLock({ pending.values.map(\.deadline).min() }) {
                wait = min(wait, max(0.01, soonest.timeIntervalSince(now)))
            }
            let event: WebSocketEvent?
            do {
                event = try connection.receive(timeout: max(0.01, wait))
            } catch {
                // Protocol violations (bad UTF-8, oversized or malformed frames) close the
                // connection with the matching code; the session reconnects.
                metrics.increment("ucbridge_websocket_errors_total")
                return .failed("WebSocket error: \(error)")
            }
            guard let event else { continue }
            lastInbound = Date()
            switch event {
            case let .text(text):
                if let end = handle(Array(text.utf8)) { return end }
            case let .binary(bytes):
                // The SDK decides by the first byte: JSON starts with { or [, anything else is BER.
                if let first = bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                    if let end = handle(bytes) { return end }
                } else {
                    metrics.increment("ucbridge_rose_malformed_total", [("kind", "binary")])
                    logger.warning("ignored a binary (non-JSON) WebSocket message of \(bytes.count) bytes")
                }
            case .ping, .pong:
                break
            case let .close(code, reason):
                return .closedByServer(code: code, reason: reason)
            }
        }
    }

    private func expireTimedOutInvokes(now: Date) {
        condition.lock()
        var expired = false
        for (id, p) in pending where p.deadline <= now {
            pending[id] = nil
            p.outcome = .failure(.timedOut(p.operation, seconds: p.timeout))
            expired = true
        }
        if expired { condition.broadcast() }
        condition.unlock()
    }

    private func handle(_ bytes: [UInt8]) -> ChannelEnd? {
        for decoded in RoseMessage.decodeAll(bytes) {
            switch decoded {
            case let .failure(error):
                metrics.increment("ucbridge_rose_malformed_total", [("kind", "json")])
                logger.warning("ignored a malformed ROSE message: \(error)", ["bytes": String(bytes.count)])
            case let .success(message):
                if let end = handle(message) { return end }
            }
        }
        return nil
    }

    private func handle(_ message: RoseMessage) -> ChannelEnd? {
        switch message {
        case let .invoke(invoke):
            if invoke.isEvent {
                let id = invoke.operationID != 0 ? invoke.operationID : (OperationCatalog.resolve(id: 0, name: invoke.operationName)?.id ?? 0)
                if id == RoseOperation.logoff.id { return .loggedOff }
                var event = invoke
                event.operationID = id
                onEvent(event)
            } else {
                // We implement no server-to-client operation: every real invoke gets a reject,
                // never silence (PROTOCOL.md 2.2).
                metrics.increment("ucbridge_rose_rejected_invokes_total")
                logger.notice("rejected server invoke \(invoke.operationName ?? String(invoke.operationID)): not implemented",
                              ["invoke_id": String(invoke.invokeID)])
                let reject = RoseMessage.reject(invokedID: invoke.invokeID, problem: .unrecognisedOperation,
                                                details: "unrecognisedOperation", sessionID: invoke.sessionID)
                connection.enqueue(text: reject.jsonText)
            }
        case let .result(id, result, _):
            complete(id) { p in
                p.onResult?(result)
                return .success(result)
            }
        case let .error(id, _, error, _):
            complete(id) { p in .failure(.failed(p.operation, RoseRequestError(json: error))) }
        case let .reject(id, problem, details, _):
            if problem == .invalidSessionID { return .sessionInvalid }
            guard let id, id != roseEventInvokeID else {
                // A reject of one of our events (e.g. a keepalive the server does not know).
                logger.debug("server rejected an event: \(details ?? "no details")")
                return nil
            }
            complete(id) { p in .failure(.rejected(p.operation, problem, details)) }
        }
        return nil
    }

    private func complete(_ id: Int64, _ outcome: (PendingInvoke) -> Result<JSONValue, RoseCallError>) {
        guard let p = condition.withLock({ pending.removeValue(forKey: id) }) else {
            metrics.increment("ucbridge_rose_unmatched_answers_total")
            logger.info("dropped an answer for unknown invoke id \(id)")
            return
        }
        let result = outcome(p)
        condition.withLock {
            p.outcome = result
            condition.broadcast()
        }
    }
}
