import Foundation
import UCBridge

/// Keep-alive load over the Unix socket: N connections, each sending `GET /v1/presence/{contact}`
/// for random contacts back to back for S seconds; prints requests/s and latency percentiles.
enum LoadClient {
    static func run(_ args: [String]) -> Int32 {
        guard let socket = option(args, "--socket") else { return 2 }
        let connections = Int(option(args, "--connections") ?? "8") ?? 8
        let seconds = Double(option(args, "--seconds") ?? "5") ?? 5
        let contacts = Int(option(args, "--contacts") ?? "10000") ?? 10000
        let label = option(args, "--label") ?? "presence/{contact}"
        let fixedPath = option(args, "--path")
        let results = Results()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let group = DispatchGroup()
        for worker in 0..<connections {
            group.enter()
            Thread {
                defer { group.leave() }
                var latencies: [Double] = []
                var errors = 0
                var generator = SystemRandomNumberGenerator()
                do {
                    let connection = try UnixHTTPConnection(path: socket)
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let path = fixedPath ?? "/v1/presence/sip%3Auser\(Int.random(in: 0..<contacts, using: &generator))%40example.com"
                        let start = DispatchTime.now().uptimeNanoseconds
                        let response = try connection.request("GET", path)
                        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                        if response.status != 200 { errors += 1 }
                    }
                } catch {
                    FileHandle.standardError.write(Data("worker \(worker): \(error)\n".utf8))
                    errors += 1
                }
                results.add(latencies, errors: errors)
            }.start()
        }
        group.wait()
        let (all, errors) = results.snapshot()
        let sorted = all.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        say(label.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%2d conns  %9.0f req/s  p50 %6.3f ms  p99 %6.3f ms  (%d requests, %d errors)",
                     connections, Double(sorted.count) / seconds, percentile(0.5), percentile(0.99), sorted.count, errors))
        return errors == 0 ? 0 : 1
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var latencies: [Double] = []
        private var errors = 0
        func add(_ l: [Double], errors e: Int) { lock.withLock { latencies += l; errors += e } }
        func snapshot() -> ([Double], Int) { lock.withLock { (latencies, errors) } }
    }
}
