import Foundation
import Testing
import UCBridge

/// A query API server in this process, on a temp socket, over a real store in a temp dir.
final class APIFixture: @unchecked Sendable {
    let dir: String
    let socket: String
    let store: Store
    let session = SessionStatus()
    let metrics = Metrics()
    let server: APIServer
    let sinkJSON: LockedValue<[SinkStatus]>

    init(mode: UInt32 = 0o660, allowUIDs: [UInt32] = [], allowGroups: [String] = [], options: APIServerOptions = APIServerOptions()) throws {
        dir = try TempDirectory.make("ucbridge-api")
        socket = dir + "/run/api.sock"
        store = try Store(path: dir + "/ucbridge.db", logger: .discard, metrics: metrics)
        var config = APIConfig()
        config.socket = socket
        config.mode = mode
        config.allowUIDs = allowUIDs
        config.allowGroups = allowGroups
        let sinks = LockedValue<[SinkStatus]>([])
        sinkJSON = sinks
        let store = self.store
        let context = APIContext(store: store, session: session, metrics: metrics, sinks: { sinks.value },
                                 redeliver: { try store.requeueDeadLetter(id: $0) })
        server = try APIServer(config: config, context: context, logger: .discard, options: options)
        try server.start()
    }

    deinit {
        server.stop()
        store.close()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Commits events (and their state changes) and waits until readers can see them.
    func commit(_ events: [CanonicalEvent], _ changes: [StateChange] = []) {
        store.writer.submit(NormalizedBatch(events: events, changes: changes))
        store.writer.flush()
    }

    func connected() {
        session.update {
            $0.phase = .connected
            $0.server = "ucserver.example.com"
            $0.user = "svc-bridge"
            $0.contacts = 2
            $0.lines = 1
        }
    }

    /// `curl --unix-socket` as a child process; `prefix` runs it as another user (setpriv …).
    func curl(_ path: String, method: String = "GET", headers: [String] = [], prefix: [String] = []) -> CurlResult {
        var args = ["-s", "--max-time", "10", "--unix-socket", socket, "-X", method, "-D", "-"]
        for h in headers { args += ["-H", h] }
        args.append("http://localhost" + path)
        let (exe, fullArgs) = prefix.isEmpty ? ("/usr/bin/curl", args) : (prefix[0], Array(prefix.dropFirst()) + ["/usr/bin/curl"] + args)
        let run = ChildProcess.run(exe, fullArgs)
        return CurlResult(exitCode: run.status, raw: run.stdout)
    }
}

struct CurlResult {
    var exitCode: Int32
    var status = 0
    var headers: [String: String] = [:]
    var body = ""

    init(exitCode: Int32, raw: String) {
        self.exitCode = exitCode
        guard let split = raw.range(of: "\r\n\r\n") else { return }
        let head = raw[..<split.lowerBound].split(separator: "\r\n")
        body = String(raw[split.upperBound...])
        if let first = head.first, first.split(separator: " ").count > 1 { status = Int(first.split(separator: " ")[1]) ?? 0 }
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    var json: JSONValue? { try? JSONParser.parse(body) }
}

final class LockedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ value: T) { _value = value }
    var value: T {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }
}

enum TempDirectory {
    /// A fresh directory others may traverse (0755), so tests can connect as `nobody`.
    static func make(_ prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        let path = String(cString: p)
        chmod(path, 0o755)
        return path
    }
}

enum ChildProcess {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ exe: String, _ args: [String], environment: [String: String]? = nil) -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { return Result(status: -1, stdout: "", stderr: "\(error)") }
        // Drain stderr concurrently so a chatty child cannot block on a full pipe.
        let errData = LockedValue(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.value = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }
}

/// A long-running child whose output is collected as it arrives; tests wait on it with a deadline.
final class StreamingChild: @unchecked Sendable {
    let process = Process()
    private let condition = NSCondition()
    private var output = ""

    init(_ exe: String, _ args: [String], environment: [String: String]? = nil) throws {
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = args
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.condition.lock()
            if data.isEmpty { handle.readabilityHandler = nil } else { self.output += String(decoding: data, as: UTF8.self) }
            self.condition.broadcast()
            self.condition.unlock()
        }
        try process.run()
    }

    var text: String { condition.withLock { output } }

    /// Waits until `predicate(output)` holds or `seconds` pass; returns whether it held.
    func wait(seconds: Double = 5, until predicate: (String) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(output) {
            if !condition.wait(until: deadline) { return predicate(output) }
        }
        return true
    }

    func stop() {
        // SIGKILL: children of the test runner inherit a signal mask that blocks SIGTERM.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

enum Sample {
    static let source = "ucbridge://local/svc-bridge"

    static func event(_ type: EventType, _ subject: String?, _ data: JSONValue, id: String = UUID().uuidString.lowercased(),
                      time: Date = Date()) -> CanonicalEvent {
        CanonicalEvent(id: id, source: source, type: type, subject: subject, time: time, data: data)
    }

    static func presence(_ contact: String, _ state: String, name: String) -> JSONValue {
        ["contact": .string(contact), "state": .string(state), "flags": [], "raw_state": 1, "note": nil,
         "absent": nil, "display_name": .string(name), "changed": ["presence"]]
    }

    static func call(_ id: String, state: String, remote: String) -> JSONValue {
        ["connection_id": .string(id), "line": "tel:+498912345", "state": .string(state), "direction": "inbound",
         "internal": false, "remote": ["number": .string(remote), "name": "Carol", "company": nil, "contact_id": nil],
         "tracker_id": nil, "started_at": "2026-12-03T10:15:30.123Z", "connected_at": nil, "ended_at": nil,
         "end_reason": nil, "duration_ms": nil]
    }

    static func journal(_ id: String, startedAt: String, remote: String) -> JSONValue {
        ["connection_id": .string(id), "direction": "outbound", "line": "tel:+498912345", "local_number": "+498912345",
         "remote_number": .string(remote), "contact_name": "Dave", "company": nil, "started_at": .string(startedAt),
         "connected_at": nil, "ended_at": nil, "duration_total_s": 42, "duration_connected_s": 30, "answered": true,
         "memo": nil, "subject": nil, "project": nil, "read": false, "transaction_id": 7, "tracker_id": nil]
    }

    /// Alice and Bob present, one active call, two journal entries.
    static func fill(_ f: APIFixture) {
        let alice = presence("sip:alice@example.com", "available", name: "Alice")
        let bob = presence("sip:bob@example.com", "busy", name: "Bob")
        let call = call("C0FFEE01", state: "connected", remote: "+4930555")
        let j1 = journal("J1", startedAt: "2026-12-01T09:00:00.000Z", remote: "+4930111")
        let j2 = journal("J2", startedAt: "2026-12-02T09:00:00.000Z", remote: "+4930222")
        f.commit([
            event(.presenceChanged, "sip:alice@example.com", alice),
            event(.presenceChanged, "sip:bob@example.com", bob),
            event(.callStarted, "C0FFEE01", call),
            event(.journalEntry, "J1", j1),
            event(.journalEntry, "J2", j2),
        ], [
            .presence(contact: "sip:alice@example.com", data: alice),
            .presence(contact: "sip:bob@example.com", data: bob),
            .call(connectionID: "C0FFEE01", line: "tel:+498912345", active: true, data: call),
            .journal(connectionID: "J1", transactionID: 7, startedAt: RFC3339.parse("2026-12-01T09:00:00Z"), data: j1),
            .journal(connectionID: "J2", transactionID: 8, startedAt: RFC3339.parse("2026-12-02T09:00:00Z"), data: j2),
        ])
    }
}

enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    static var python: String {
        ProcessInfo.processInfo.environment["UCBRIDGE_TEST_PYTHON"] ?? root + "/.venv/bin/python"
    }
}
