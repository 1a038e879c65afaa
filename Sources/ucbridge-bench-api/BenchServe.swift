import Foundation
import UCBridge

/// An APIServer over a real store holding `--contacts` presence rows; with `--ingest`, a writer
/// commits presence changes in a loop while it serves.
enum BenchServe {
    static func contact(_ i: Int) -> String { "sip:user\(i)@example.com" }

    static func presence(_ i: Int, _ state: String) -> (CanonicalEvent, StateChange) {
        let id = contact(i)
        let data: JSONValue = ["contact": .string(id), "state": .string(state), "flags": [], "raw_state": 1, "note": nil,
                               "absent": nil, "display_name": .string("User \(i)"), "changed": ["presence"]]
        let event = CanonicalEvent(id: UUID().uuidString.lowercased(), source: "ucbridge://bench/bench", type: .presenceChanged,
                                   subject: id, time: Date(), data: data)
        return (event, .presence(contact: id, data: data))
    }

    static func run(_ args: [String]) -> Int32 {
        let signals = blockStopSignals()
        guard let db = option(args, "--db") else {
            FileHandle.standardError.write(Data("serve: --db PATH is required\n".utf8))
            return 2
        }
        let contacts = Int(option(args, "--contacts") ?? "0") ?? 0
        let metrics = Metrics()
        do {
            let store = try Store(path: db, logger: .discard, metrics: metrics)
            if contacts > 0, store.writer.lastCommittedSequence == 0 {
                for start in stride(from: 0, to: contacts, by: 1000) {
                    let batch = (start..<min(start + 1000, contacts)).map { presence($0, "available") }
                    store.writer.submit(NormalizedBatch(events: batch.map(\.0), changes: batch.map(\.1)))
                }
                store.writer.flush()
            }
            var config = APIConfig()
            config.socket = option(args, "--socket") ?? (db as NSString).deletingLastPathComponent + "/api.sock"
            config.allowGroups = []
            let server = try APIServer(config: config, context: APIContext(store: store, session: SessionStatus(), metrics: metrics,
                                                                            redeliver: { try store.requeueDeadLetter(id: $0) }),
                                       logger: Logger(label: "api", sink: LogSink(level: .warning, destination: .stderr)))
            try server.start()
            let ingest = IngestLoop(store: store, contacts: max(contacts, 1))
            if args.contains("--ingest") { ingest.start() }
            say("ready \(server.socketPath ?? "socket from systemd")")
            waitForStopSignal(signals)
            let committed = ingest.stop()
            server.stop()
            store.close()
            if args.contains("--ingest") { say("ingested \(committed) events while serving") }
            return 0
        } catch {
            FileHandle.standardError.write(Data("serve: \(error)\n".utf8))
            return 1
        }
    }
}

/// Commits one presence change after another until stopped (the writer's bounded queue paces it).
final class IngestLoop: @unchecked Sendable {
    private let store: Store
    private let contacts: Int
    private let condition = NSCondition()
    private var running = false
    private var finished = true
    private var count = 0

    init(store: Store, contacts: Int) {
        self.store = store
        self.contacts = contacts
    }

    func start() {
        condition.withLock {
            running = true
            finished = false
        }
        Thread {
            var i = 0
            while self.condition.withLock({ self.running }) {
                let (event, change) = BenchServe.presence(i % self.contacts, i % 2 == 0 ? "busy" : "available")
                self.store.writer.submit(NormalizedBatch(events: [event], changes: [change]))
                i += 1
            }
            self.store.writer.flush()
            self.condition.withLock {
                self.count = i
                self.finished = true
                self.condition.broadcast()
            }
        }.start()
    }

    /// Stops and returns how many changes were committed.
    func stop() -> Int {
        condition.lock()
        defer { condition.unlock() }
        running = false
        while !finished { condition.wait() }
        return count
    }
}
