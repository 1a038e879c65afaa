import Foundation
import Testing

extension Repo {
    static var binaries: String { root + "/.build/debug" }
    static var ucbridge: String { binaries + "/ucbridge" }
    static var simulator: String { binaries + "/ucbridge-sim" }
}

/// A child process whose output lines are collected as they arrive, so a test can wait for a
/// line with a deadline instead of sleeping.
final class LiveProcess: @unchecked Sendable {
    let pid: pid_t
    private let condition = NSCondition()
    private var lines: [String] = []
    private var ended = false
    private var exitStatus: Int32?

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        var env = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "JOURNAL_STREAM", "CREDENTIALS_DIRECTORY"] {
            env.removeValue(forKey: key)
        }
        for (k, v) in environment { env[k] = v }
        let pipe = ChildProcess.pipePair()
        let spawned = ChildProcess.spawn(executable, arguments, environment: env, out: pipe.write, err: pipe.write)
        close(pipe.write)
        guard spawned > 0 else {
            close(pipe.read)
            throw POSIXError(.ENOENT)
        }
        pid = spawned
        let readFD = pipe.read
        Thread { [self] in
            var partial: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(readFD, &buffer, buffer.count)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                partial += buffer[0..<n]
                var complete: [String] = []
                while let nl = partial.firstIndex(of: 0x0A) {
                    complete.append(String(decoding: partial[..<nl], as: UTF8.self))
                    partial.removeSubrange(...nl)
                }
                if !complete.isEmpty { condition.withLock { lines += complete; condition.broadcast() } }
            }
            close(readFD)
            condition.withLock { ended = true; condition.broadcast() }
        }.start()
        Thread { [self] in
            let status = ChildProcess.wait(spawned)
            condition.withLock { exitStatus = status; condition.broadcast() }
        }.start()
    }

    var output: [String] { condition.withLock { lines } }
    var isRunning: Bool { condition.withLock { exitStatus == nil } }

    /// Waits until a line satisfying `match` has been printed; returns it, or nil at the deadline.
    @discardableResult
    func waitForLine(timeout: Double = 15, _ match: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        var seen = 0
        while true {
            while seen < lines.count {
                if match(lines[seen]) { return lines[seen] }
                seen += 1
            }
            if ended || Date() >= deadline { return nil }
            _ = condition.wait(until: deadline)
        }
    }

    func signal(_ sig: Int32) {
        if isRunning { kill(pid, sig) }
    }

    /// Waits for exit up to `timeout`; the exit status (128+signal when killed), or nil if still running.
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while exitStatus == nil, Date() < deadline { _ = condition.wait(until: deadline) }
        return exitStatus
    }

    func terminate() {
        if isRunning {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 10)
        }
    }

    deinit { terminate() }
}

/// A fresh temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("ucbridge-it-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Runs a short command to completion and returns (status, stdout+stderr).
@discardableResult
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let r = ChildProcess.run(executable, arguments, environment: environment)
    return (r.status, r.stdout + r.stderr)
}
