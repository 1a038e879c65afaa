import Foundation
import UCBridge

// Delivery benchmark: fills a temporary outbox, then delivers it to one webhook URL and
// prints throughput and request latency. Run by scripts/bench/deliver (against nginx).

struct Options {
    var url = ""
    var events = 100_000
    var subjects = 1_000
    var maxInFlight = 8
    var bodyOut: String?

    static let usage = """
    usage: ucbridge-bench-deliver --url URL [--events N] [--subjects N] [--max-in-flight N] [--body-out FILE]
      --url            webhook receiver (e.g. http://127.0.0.1:8080/hook)
      --events         events to fill the outbox with (default 100000)
      --subjects       distinct subjects they are spread over (default 1000)
      --max-in-flight  the sink's max_in_flight (default 8)
      --body-out       write one event body there (for a wrk script posting the same bytes)
    """

    init(_ args: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw BenchError.usage("missing value for \(args[i - 1])") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--url": url = try value()
            case "--events": events = Int(try value()) ?? 0
            case "--subjects": subjects = Int(try value()) ?? 0
            case "--max-in-flight": maxInFlight = Int(try value()) ?? 0
            case "--body-out": bodyOut = try value()
            case "-h", "--help": throw BenchError.usage("")
            default: throw BenchError.usage("unknown argument \(args[i])")
            }
            i += 1
        }
        guard !url.isEmpty, events > 0, subjects > 0, maxInFlight > 0 else { throw BenchError.usage("--url is required; counts must be positive") }
    }
}

enum BenchError: Error { case usage(String) }

/// Latencies collected on the sink's thread; the main thread waits for the last one.
final class Tally: @unchecked Sendable {
    private let condition = NSCondition()
    private var requestSeconds: [Double] = []
    private var commitSeconds: [Double] = []
    private(set) var last = Date()

    init(capacity: Int) {
        requestSeconds.reserveCapacity(capacity)
        commitSeconds.reserveCapacity(capacity)
    }

    func add(_ r: DeliveryRecord) {
        condition.withLock {
            requestSeconds.append(r.requestSeconds)
            commitSeconds.append(r.commitToAnswerSeconds)
            last = Date()
            condition.broadcast()
        }
    }

    func wait(for count: Int, timeout: TimeInterval) -> (request: [Double], commit: [Double], last: Date)? {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while requestSeconds.count < count { if !condition.wait(until: deadline) { return nil } }
            return (requestSeconds, commitSeconds, last)
        }
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

func run() throws {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ucbridge-bench-deliver-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let log = Logger(label: "bench", sink: LogSink(level: .warning, destination: .stderr))
    let metrics = Metrics()
    let store = try Store(path: dir + "/bench.db", logger: log, metrics: metrics)
    defer { store.close() }

    // A call event of realistic size (~600 bytes of JSON).
    let filling = Date()
    var n = 0
    while n < options.events {
        let batch = (n..<min(options.events, n + 1000)).map { i -> CanonicalEvent in
            let subject = String(format: "%032X", i % options.subjects)
            let data: JSONValue = .object([
                ("connection_id", .string(subject)), ("line", "tel:+4930123456"), ("state", "connected"), ("direction", "inbound"),
                ("internal", .bool(false)),
                ("remote", .object([("number", "+4989987654321"), ("name", "Erika Mustermann"), ("company", "Example GmbH"), ("contact_id", .null)])),
                ("tracker_id", .string("trk-\(i)")), ("started_at", "2026-12-03T10:15:30.123Z"), ("connected_at", "2026-12-03T10:15:33.456Z"),
                ("ended_at", .null), ("end_reason", .null), ("duration_ms", .null),
            ])
            return CanonicalEvent(id: UUID().uuidString.lowercased(), source: "ucbridge://local/svc-bridge", type: .callUpdated,
                                  subject: subject, time: Date(), data: data)
        }
        store.writer.submit(NormalizedBatch(events: batch))
        n += batch.count
    }
    store.writer.flush()
    let fillSeconds = Date().timeIntervalSince(filling)
    if let out = options.bodyOut, let first = try store.makeReader().events(after: 0, limit: 1).first {
        try Data(first.body).write(to: URL(fileURLWithPath: out))
    }
    print(String(format: "filled %d events over %d subjects in %.2f s", options.events, options.subjects, fillSeconds))

    var sink = WebhookConfig(name: "bench", url: options.url)
    sink.secrets = [Secret("whsec_" + Data((0..<32).map { UInt8($0) }).base64EncodedString(), origin: "bench")]
    sink.maxInFlight = options.maxInFlight
    sink.retry.initialSeconds = 0.05
    let tally = Tally(capacity: options.events)
    let service = DeliveryService(store: store, sinks: [sink], logger: log, metrics: metrics, userAgent: "ucbridge/bench",
                                  observer: { tally.add($0) })
    let started = Date()
    service.start()
    guard let result = tally.wait(for: options.events, timeout: 600) else {
        service.stop()
        print("delivery did not finish within 600 s")
        exit(1)
    }
    service.stop()
    let seconds = result.last.timeIntervalSince(started)
    let request = result.request.sorted()
    let failed = metrics.renderPrometheus().split(separator: "\n").filter { $0.hasPrefix("ucbridge_webhook_failed_total") }
    print(String(format: "ucbridge delivered %d events in %.2f s: %.0f deliveries/s (max_in_flight %d)",
                 options.events, seconds, Double(options.events) / seconds, options.maxInFlight))
    print(String(format: "ucbridge request latency: p50 %.3f ms, p99 %.3f ms", percentile(request, 0.5) * 1000, percentile(request, 0.99) * 1000))
    print("ucbridge failed attempts: \(failed.isEmpty ? "0" : failed.joined(separator: ", "))")
    print(String(format: "ucbridge_deliveries_per_second=%.0f", Double(options.events) / seconds))
}

do {
    try run()
} catch BenchError.usage(let message) {
    if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    FileHandle.standardError.write(Data((Options.usage + "\n").utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("ucbridge-bench-deliver: \(error)\n".utf8))
    exit(1)
}
