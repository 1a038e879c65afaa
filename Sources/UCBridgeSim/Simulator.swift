import Foundation
import UCBridge
#if canImport(Glibc)
import Glibc
#endif

/// How a `Simulator` is set up; the `ucbridge-sim` options map 1:1 onto these.
public struct SimulatorOptions: Sendable {
    public var host = "127.0.0.1"
    /// 0 = ephemeral; `Simulator.start()` returns the bound port.
    public var port: UInt16 = 7224
    public var user = "demo"
    public var password = "demo"
    /// Login token accepted in `x-uctoken` / `?token=`; nil = tokens are refused.
    public var token: String?
    public var ucsid = "local"
    /// Generated contacts on top of the default scenario (sip:user00001@example.com …).
    public var extraContacts = 0
    /// Run the demo generator (presence changes, a call lifecycle every few seconds).
    public var demo = false
    public var maxMessageSize = 16 * 1024 * 1024
    /// Entries kept for `GET /sim/log`.
    public var logCapacity = 2000
    public var logger: Logger = .discard

    public init() {}
}

/// A scriptable simulated UCServer: HTTP `createsession`, WebSocket with ROSE JSON, and a
/// control API under `/sim/` on the same port (see `SimControlAPI` for the endpoints).
///
/// Concurrency: one thread accepts, one thread serves each connection. `lock` (a condition)
/// guards the world state, the sessions and every socket write, so an event is always sent
/// in the order its state change happened. Sends block when a client does not read
/// (TCP back-pressure); the lock is then held for that long, by design.
public final class Simulator: @unchecked Sendable {
    public let options: SimulatorOptions
    let log: Logger
    let lock = NSCondition()

    // Guarded by `lock`.
    var state: SimState
    var password: String
    var sessions: [String: SimSession] = [:]
    var closedSessions: [SimSession] = []
    var messageLog: [JSONValue] = []
    var messageLogSequence: Int64 = 0
    var faultCreateSession: (status: Int, remaining: Int)?
    var silencedUntil: Date?
    var nextServerInvokeID: Int64 = 1
    var serverInvokes: [Int64: JSONValue] = [:]
    var stopping = false

    // Sockets, for stop and the drop fault; guarded by `connectionsLock` (never held while blocking).
    private let connectionsLock = NSLock()
    private var connections: [ObjectIdentifier: SimSocket] = [:]
    private var activeThreads = 0
    private let threadsDone = NSCondition()

    private var listener: SimSocket?
    private var wakePipe: [Int32] = [-1, -1]
    private var demo: SimDemo?
    private(set) public var port: UInt16 = 0

    public init(options: SimulatorOptions = SimulatorOptions()) {
        self.options = options
        log = options.logger.with("sim")
        password = options.password
        state = SimScenario.make(extraContacts: options.extraContacts)
    }

    deinit { stop() }

    /// Binds, starts accepting, and returns the port (useful with port 0).
    @discardableResult
    public func start() throws(SimSocketError) -> UInt16 {
        let sock = try SimSocket.listen(host: options.host, port: options.port)
        guard pipe(&wakePipe) == 0 else { throw SimSocketError(call: "pipe", errno: errno) }
        listener = sock
        port = sock.localPort
        spawn(name: "sim-accept") { [self] in acceptLoop(sock) }
        if options.demo {
            let generator = SimDemo(simulator: self)
            demo = generator
            spawn(name: "sim-demo") { generator.run() }
        }
        log.info("listening", ["address": "\(options.host):\(port)"])
        return port
    }

    /// Stops accepting, closes every connection, waits for all threads (bounded), idempotent.
    public func stop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
        guard listener != nil else { return }
        var one: UInt8 = 1
        _ = write(wakePipe[1], &one, 1)
        demo?.cancel()
        connectionsLock.withLock { connections.values.forEach { $0.shutdown() } }
        let deadline = Date().addingTimeInterval(5)
        threadsDone.lock()
        while activeThreads > 0, threadsDone.wait(until: deadline) {}
        threadsDone.unlock()
        listener?.close()
        listener = nil
        close(wakePipe[0]); close(wakePipe[1])
        wakePipe = [-1, -1]
    }

    /// The control URL printed on startup.
    public var controlURL: String { "http://\(options.host):\(port)/sim" }

    func spawn(name: String, _ body: @escaping @Sendable () -> Void) {
        threadsDone.withLock { activeThreads += 1 }
        let thread = Thread { [self] in
            body()
            threadsDone.withLock {
                activeThreads -= 1
                threadsDone.broadcast()
            }
        }
        thread.name = name
        thread.start()
    }

    private func acceptLoop(_ listener: SimSocket) {
        while let client = listener.accept(wakeFD: wakePipe[0]) {
            if lock.withLock({ stopping }) {
                client.close()
                break
            }
            register(client)
            spawn(name: "sim-conn") { [self] in
                serve(client)
                unregister(client)
                client.close()
            }
        }
    }

    private func register(_ s: SimSocket) { connectionsLock.withLock { connections[ObjectIdentifier(s)] = s } }
    private func unregister(_ s: SimSocket) { _ = connectionsLock.withLock { connections.removeValue(forKey: ObjectIdentifier(s)) } }

    /// Appends to the observation log (caller holds `lock`).
    func record(_ entry: JSONValue) {
        messageLogSequence += 1
        var e: JSONValue = ["seq": .int(messageLogSequence), "time": .string(SimTime.format(Date()))]
        for (k, v) in entry.objectValue ?? [] { e.set(k, v) }
        messageLog.append(e)
        if messageLog.count > options.logCapacity { messageLog.removeFirst(messageLog.count - options.logCapacity) }
    }

    /// Runs `body` holding `lock`; typed-throws friendly, unlike `NSLocking.withLock`.
    func locked<T>(_ body: () throws(SimControlError) -> T) throws(SimControlError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// True while the silence fault is active (caller holds `lock`).
    var isSilenced: Bool {
        guard let until = silencedUntil else { return false }
        if until > Date() { return true }
        silencedUntil = nil
        return false
    }
}
