import Foundation
import UCBridge

/// The `--demo` generator: a presence change every few seconds and an inbound or outbound call
/// lifecycle (with its journal entry) on Anna's lines. Pauses are a script's pacing, not
/// synchronization; `cancel()` interrupts them.
final class SimDemo: @unchecked Sendable {
    private weak var simulator: Simulator?
    private let condition = NSCondition()
    private var cancelled = false

    init(simulator: Simulator) { self.simulator = simulator }

    func cancel() {
        condition.withLock {
            cancelled = true
            condition.broadcast()
        }
    }

    /// false once cancelled.
    private func pause(_ seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !cancelled, condition.wait(until: deadline) {}
        return !cancelled
    }

    private static let callers: [(String, String, String)] = [
        ("+4940555987654", "Jonas Petersen", "Nordhafen Logistik GmbH"),
        ("+4930555123456", "Sabine Krüger", "Spreeblick Consulting"),
        ("+4971155501234", "Lea Schmid", "Neckartal Maschinenbau AG"),
        ("+4922155577889", "Marco Roth", "Rheinblick Medien"),
    ]
    private static let moods: [(Int64, String)] = [
        (1, ""), (2, ""), (335_544_322, "Customer workshop until 16:00"), (3, "Lunch"), (1, ""), (4, "Focus time"),
    ]

    func run() {
        var n = 0
        while pause(3) {
            guard let sim = simulator else { return }
            let colleagues = ["sip:max.huber@example.com", "sip:lena.vogt@example.com", "sip:tobias.wolf@example.com", "sip:sophie.keller@example.com"]
            let mood = Self.moods[n % Self.moods.count]
            _ = try? sim.controlPresence(["contact": .string(colleagues[n % colleagues.count]), "state": .int(mood.0), "note": .string(mood.1)])
            if n % 2 == 0, !callLifecycle(sim, n: n) { return }
            n += 1
        }
    }

    /// false once cancelled.
    private func callLifecycle(_ sim: Simulator, n: Int) -> Bool {
        let caller = Self.callers[(n / 2) % Self.callers.count]
        let outbound = (n / 2) % 3 == 2
        let line = (n / 2) % 4 == 3 ? SimScenario.hotlineLine : SimScenario.primaryLine
        guard let first = try? sim.controlCall(["line": .string(line), "state": outbound ? "dialing" : "offering", "outbound": .bool(outbound),
                                               "remote": .string(caller.0), "remote_name": .string(caller.1), "remote_company": .string(caller.2)]),
              let id = first["connection_id"]?.stringValue else { return true }
        let steps: [(Double, String)] = outbound
            ? [(1, "ringback"), (2, "connected"), (4, "disconnected"), (0.5, "destroyed")]
            : (n / 2) % 5 == 4 ? [(4, "destroyed")] : [(2, "connected"), (4, "disconnected"), (0.5, "destroyed")]
        for (delay, state) in steps {
            guard pause(delay) else {
                _ = try? sim.controlCall(["connection_id": .string(id), "state": "destroyed"])
                return false
            }
            _ = try? sim.controlCall(["connection_id": .string(id), "state": .string(state)])
        }
        return true
    }
}
