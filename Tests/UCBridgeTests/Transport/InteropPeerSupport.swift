import Foundation
import Glibc

/// A Python peer from `Tests/interop/` run as a child process. It prints `PORT <n>` when it
/// is ready (no sleeps), may print more lines, and exits when its stdin closes.
final class InteropPeer {
    let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private var buffered: [UInt8] = []
    private(set) var port = 0

    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var python: String {
        if let p = ProcessInfo.processInfo.environment["UCBRIDGE_TEST_PYTHON"], !p.isEmpty { return p }
        return repoRoot.appendingPathComponent(".venv/bin/python").path
    }

    init(script: String, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.repoRoot.appendingPathComponent("Tests/interop/\(script)").path] + arguments
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        try process.run()
        let first = try readLine(timeout: 30)
        guard first.hasPrefix("PORT "), let port = Int(first.dropFirst(5)) else {
            throw PeerError("\(script) did not announce its port: \(first)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Closing stdin tells the peer to exit; wait for it so no process outlives the test.
    func stop() {
        guard process.isRunning else { return }
        try? stdinPipe.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// The next line the peer printed, waiting at most `timeout` seconds.
    func readLine(timeout: Double) throws -> String {
        let fd = stdoutPipe.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let nl = buffered.firstIndex(of: 10) {
                let line = String(decoding: buffered[..<nl], as: UTF8.self)
                buffered.removeFirst(nl + 1)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw PeerError("no line from the peer within \(timeout) s") }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, Int32(remaining * 1000) + 1)
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &chunk, chunk.count)
            if n == 0 { throw PeerError("the peer exited: \(String(decoding: buffered, as: UTF8.self))") }
            if n > 0 { buffered.append(contentsOf: chunk[0..<n]) }
        }
    }
}

struct PeerError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
