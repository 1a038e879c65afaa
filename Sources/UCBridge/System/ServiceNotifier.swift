import CSystemd
import Foundation

/// Talks to systemd through sd_notify: READY, STATUS, WATCHDOG, RELOADING, STOPPING.
/// Without NOTIFY_SOCKET (not under systemd) every call is a no-op.
public final class ServiceNotifier: @unchecked Sendable {
    private let lock = NSLock()
    private var lastStatus = ""
    private var statusScheduled = false
    private let statusQueue = DispatchQueue(label: "ucbridge.sd-notify")
    private var watchdogThread: Thread?
    private let stopCondition = NSCondition()
    private var stopped = false

    public init() {}

    public var isSupervised: Bool { ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] != nil }

    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }

    /// Never blocks the caller: the session thread reports every state change here, and a
    /// notify socket that is not being read would otherwise stall the session. Only the
    /// newest status is kept while one is being sent.
    public func status(_ text: String) {
        let schedule = lock.withLock { () -> Bool in
            guard text != lastStatus else { return false }
            lastStatus = text
            guard !statusScheduled else { return false }
            statusScheduled = true
            return true
        }
        guard schedule else { return }
        statusQueue.async { [self] in
            let latest = lock.withLock { () -> String in
                statusScheduled = false
                return lastStatus
            }
            send("STATUS=\(latest)")
        }
    }

    public func reloading() {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let usec = UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
        send("RELOADING=1\nMONOTONIC_USEC=\(usec)")
    }

    public func reloaded(status: String) { send("READY=1\nSTATUS=\(status)") }

    public func stopping() { send("STOPPING=1\nSTATUS=stopping") }

    /// Pings the watchdog at half the interval systemd asked for, as long as `isAlive` says the
    /// daemon's own loops turn. The UCServer's state is deliberately not part of `isAlive`:
    /// an outage of the server must not get ucbridge restarted.
    public func startWatchdog(isAlive: @escaping @Sendable () -> Bool) {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return }
        let interval = Double(usec) / 2_000_000
        let thread = Thread { [weak self] in
            guard let self else { return }
            while true {
                self.stopCondition.lock()
                let deadline = Date().addingTimeInterval(interval)
                while !self.stopped, Date() < deadline { _ = self.stopCondition.wait(until: deadline) }
                let done = self.stopped
                self.stopCondition.unlock()
                if done { return }
                if isAlive() { self.send("WATCHDOG=1") }
            }
        }
        thread.name = "watchdog"
        watchdogThread = thread
        thread.start()
    }

    public func stopWatchdog() {
        stopCondition.lock()
        stopped = true
        stopCondition.broadcast()
        stopCondition.unlock()
    }

    private func send(_ message: String) {
        guard isSupervised else { return }
        _ = sd_notify(0, message)
    }
}
