import Foundation
import Testing

/// Paths of the repository and its built binaries, derived from this file's location.
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var binaries: URL { root.appendingPathComponent(".build/debug") }
    static var ucbridge: String { binaries.appendingPathComponent("ucbridge").path }
    static var simulator: String { binaries.appendingPathComponent("ucbridge-sim").path }
    static var python: String {
        ProcessInfo.processInfo.environment["UCBRIDGE_TEST_PYTHON"] ?? root.appendingPathComponent(".venv/bin/python").path
    }
}

/// A child process whose output lines are collected as they arrive, so a test can wait for a
/// line with a deadline instead of sleeping.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var partial = Data()
    private var ended = false

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "LISTEN_FDS")
        env.removeValue(forKey: "LISTEN_PID")
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.condition.lock()
            if data.isEmpty {
                self.ended = true
                handle.readabilityHandler = nil
            } else {
                self.partial.append(data)
                while let nl = self.partial.firstIndex(of: 0x0A) {
                    self.lines.append(String(decoding: self.partial[self.partial.startIndex..<nl], as: UTF8.self))
                    self.partial.removeSubrange(self.partial.startIndex...nl)
                }
            }
            self.condition.broadcast()
            self.condition.unlock()
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var output: [String] { condition.withLock { lines } }

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

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits for exit up to `timeout`; returns the exit status, or nil if still running.
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            condition.lock()
            _ = condition.wait(until: min(deadline, Date().addingTimeInterval(0.05)))
            condition.unlock()
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    func terminate() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
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

/// Runs a short command to completion and returns (status, stdout).
@discardableResult
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
