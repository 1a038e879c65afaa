import Foundation

/// What the session is doing right now, shared with `/v1/health`, `STATUS=` and the CLI.
public struct SessionState: Sendable, Equatable {
    public enum Phase: String, Sendable {
        case starting, connecting, subscribing, connected, retrying, stopped
    }
    public var phase: Phase = .starting
    /// When the current phase began.
    public var since = Date()
    /// Host of the UCServer (no credentials).
    public var server: String = ""
    public var user: String = ""
    public var contacts = 0
    public var lines = 0
    /// Why the last attempt failed, in words a person can act on (e.g. the server's logon error).
    public var lastError: String?
    /// True when the last failure needs a person (wrong password, user disabled): health is `down`.
    public var lastErrorIsPermanent = false
    public var retryInSeconds: Double?
    public var reconnects = 0

    public init() {}

    public var isConnected: Bool { phase == .connected }

    /// The text for systemd's `STATUS=`.
    public var statusLine: String {
        switch phase {
        case .starting: return "starting"
        case .connecting: return "connecting to \(server)"
        case .subscribing: return "subscribing on \(server) as \(user)"
        case .connected: return "connected to \(server) as \(user), \(contacts) contacts, \(lines) lines"
        case .retrying:
            let wait = retryInSeconds.map { "retrying in \(Int($0.rounded(.up))) s" } ?? "retrying"
            return "\(wait): \(lastError ?? "UCServer unreachable")"
        case .stopped: return "stopped"
        }
    }
}

/// The shared, lock-protected holder of `SessionState`; observers hear every change.
public final class SessionStatus: @unchecked Sendable {
    private let lock = NSLock()
    private var state = SessionState()
    private var observers: [@Sendable (SessionState) -> Void] = []

    public init() {}

    public var current: SessionState { lock.withLock { state } }

    public func update(_ change: (inout SessionState) -> Void) {
        let (snapshot, observers) = lock.withLock { () -> (SessionState, [@Sendable (SessionState) -> Void]) in
            let before = state.phase
            change(&state)
            if state.phase != before { state.since = Date() }
            return (state, self.observers)
        }
        for o in observers { o(snapshot) }
    }

    public func observe(_ observer: @escaping @Sendable (SessionState) -> Void) {
        lock.withLock { observers.append(observer) }
    }
}
