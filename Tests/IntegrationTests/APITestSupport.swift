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

/// Child processes via posix_spawn and waitpid (Foundation's Process.waitUntilExit can spin
/// forever when several tests spawn at once), with a clean signal mask.
enum ChildProcess {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Starts `exe`; stdout goes to `out`, stderr to `err` (write ends, closed here after spawning).
    static func spawn(_ exe: String, _ args: [String], environment: [String: String]?, out: Int32, err: Int32) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out, 1)
        posix_spawn_file_actions_adddup2(&actions, err, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([exe] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, exe, &actions, &attributes, argv, envp)
        return rc == 0 ? pid : -1
    }

    static func pipePair() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        // Close-on-exec so that other children spawned meanwhile do not hold our pipe open.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        close(fd)
        return data
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    static func run(_ exe: String, _ args: [String], environment: [String: String]? = nil) -> Result {
        let out = pipePair(), err = pipePair()
        let pid = spawn(exe, args, environment: environment, out: out.write, err: err.write)
        close(out.write)
        close(err.write)
        guard pid > 0 else {
            close(out.read)
            close(err.read)
            return Result(status: -1, stdout: "", stderr: "spawn \(exe) failed")
        }
        let errData = LockedValue(Data())
        let done = DispatchSemaphore(value: 0)
        Thread {
            errData.value = readAll(err.read)
            done.signal()
        }.start()
        let outData = readAll(out.read)
        done.wait()
        let status = wait(pid)
        return Result(status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.value, as: UTF8.self))
    }
}

/// A long-running child whose output is collected as it arrives; tests wait on it with a deadline.
final class StreamingChild: @unchecked Sendable {
    let pid: pid_t
    private let condition = NSCondition()
    private var output = ""
    private var exitStatus: Int32?

    init(_ exe: String, _ args: [String], environment: [String: String]? = nil, mergeStderr: Bool = false) throws {
        let out = ChildProcess.pipePair()
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        pid = ChildProcess.spawn(exe, args, environment: environment, out: out.write, err: mergeStderr ? out.write : devNull)
        close(out.write)
        close(devNull)
        guard pid > 0 else {
            close(out.read)
            throw CocoaError(.executableLoad)
        }
        let reader = out.read
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(reader, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                condition.withLock {
                    output += String(decoding: buffer[0..<n], as: UTF8.self)
                    condition.broadcast()
                }
            }
            close(reader)
        }.start()
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

    /// Waits for the child to exit on its own; returns its exit status.
    func waitForExit() -> Int32 {
        if let exitStatus = condition.withLock({ exitStatus }) { return exitStatus }
        let status = ChildProcess.wait(pid)
        condition.withLock { exitStatus = status }
        return status
    }

    func stop() {
        guard condition.withLock({ exitStatus == nil }) else { return }
        kill(pid, SIGKILL)
        _ = waitForExit()
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
