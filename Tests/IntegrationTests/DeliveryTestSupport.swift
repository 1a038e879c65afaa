import Foundation
@testable import UCBridge

/// The repository root, derived from this file's location (Tests/IntegrationTests/…).
let deliveryRepoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// `Tests/receivers/webhook_receiver.py` as a child process on 127.0.0.1: an independent
/// Standard Webhooks receiver. Collects its JSON lines; waits on them with deadlines.
final class WebhookReceiver: @unchecked Sendable {
    struct Request: Sendable {
        var time: Double
        var id: String
        var sequence: Int64
        var subject: String?
        var type: String
        /// nil: the receiver never answered (hang).
        var status: Int?
        var verified: [Bool]
        var signatures: Int
        var userAgent: String?
        var contentType: String?
        var hasRaw: Bool
        var custom: String?
        var delivered: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    private let process = Process()
    private let stdinPipe = Pipe()
    private let condition = NSCondition()
    private var _requests: [Request] = []
    private var _port: Int?
    private var ended = false

    init(_ arguments: [String] = []) throws {
        let env = ProcessInfo.processInfo.environment
        let python = env["UCBRIDGE_TEST_PYTHON"] ?? deliveryRepoRoot + "/.venv/bin/python"
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", deliveryRepoRoot + "/Tests/receivers/webhook_receiver.py"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = stdinPipe
        try process.run()
        let handle = out.fileHandleForReading
        let thread = Thread { [self] in
            var buffer = [UInt8]()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(contentsOf: chunk)
                while let nl = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Array(buffer[..<nl])
                    buffer.removeFirst(nl + 1)
                    consume(line)
                }
            }
            condition.withLock {
                ended = true
                condition.broadcast()
            }
        }
        thread.start()
        guard wait(timeout: 30, until: { r in r._port != nil || r.ended }), port > 0 else {
            throw ReceiverError.didNotStart
        }
    }

    enum ReceiverError: Error { case didNotStart }

    deinit {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    var port: Int { condition.withLock { _port ?? 0 } }
    var url: String { "http://127.0.0.1:\(port)/hook" }
    var requests: [Request] { condition.withLock { _requests } }
    var delivered: [Request] { requests.filter(\.delivered) }

    /// Writes a control line ("mode ok", "mode fail") to the receiver's stdin.
    func send(_ line: String) { stdinPipe.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// True when `predicate` held before `timeout` seconds passed.
    @discardableResult
    func waitForRequests(timeout: TimeInterval = 60, until predicate: ([Request]) -> Bool) -> Bool {
        wait(timeout: timeout) { predicate($0._requests) }
    }

    private func wait(timeout: TimeInterval, until predicate: (WebhookReceiver) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while !predicate(self) {
                if !condition.wait(until: deadline) { return predicate(self) }
            }
            return true
        }
    }

    private func consume(_ line: [UInt8]) {
        guard let json = try? JSONParser.parse(line) else { return }
        condition.withLock {
            if let port = json["port"]?.intValue {
                _port = Int(port)
            } else if let id = json["id"]?.stringValue {
                _requests.append(Request(
                    time: json["t"]?.doubleValue ?? 0, id: id, sequence: json["sequence"]?.stringValue.flatMap { Int64($0) } ?? -1,
                    subject: json["subject"]?.stringValue, type: json["type"]?.stringValue ?? "",
                    status: json["status"]?.intValue.map { Int($0) },
                    verified: json["verified"].flatMap { v in if case let .array(a) = v { return a.map { $0 == .bool(true) } } else { return nil } } ?? [],
                    signatures: Int(json["signatures"]?.intValue ?? 0), userAgent: json["user_agent"]?.stringValue,
                    contentType: json["content_type"]?.stringValue, hasRaw: json["has_raw"] == .bool(true),
                    custom: json["custom"]?.stringValue))
            }
            condition.broadcast()
        }
    }
}

/// A real store in a temp dir, with helpers to commit events through its writer.
final class DeliveryFixture {
    let directory: String
    let store: Store
    let metrics = Metrics()
    let logger: Logger
    private var counter = 0

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ucbridge-delivery-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Warnings and errors of the dispatchers go to the test output, where a failure needs them.
        logger = Logger(label: "test", sink: LogSink(level: .error, destination: .stderr))
        store = try Store(path: directory + "/ucbridge.db", logger: logger, metrics: metrics)
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Commits events (one batch) and waits until they are committed.
    func commit(_ specs: [(type: EventType, subject: String?)], raw: JSONValue? = nil) {
        let events = specs.map { spec -> CanonicalEvent in
            counter += 1
            return CanonicalEvent(id: UUID().uuidString.lowercased(), source: "ucbridge://local/test", type: spec.type, subject: spec.subject,
                                  time: Date(), data: ["n": .int(Int64(counter))], raw: raw)
        }
        store.writer.submit(NormalizedBatch(events: events))
        store.writer.flush()
    }

    func sink(_ name: String, _ receiver: WebhookReceiver, secrets: [String] = [DeliveryFixture.secret], configure: (inout WebhookConfig) -> Void = { _ in }) -> WebhookConfig {
        var config = WebhookConfig(name: name, url: receiver.url)
        config.secrets = secrets.map { Secret($0, origin: "test") }
        config.retry.initialSeconds = 0.05
        config.retry.maxSeconds = 0.2
        config.timeoutSeconds = 10
        configure(&config)
        return config
    }

    func service(_ sinks: [WebhookConfig]) -> DeliveryService {
        DeliveryService(store: store, sinks: sinks, logger: logger, metrics: metrics, userAgent: "ucbridge/test")
    }

    func value(_ name: String, sink: String, _ extra: [(String, String)] = []) -> Double {
        metrics.value(name, [("sink", sink)] + extra)
    }

    /// Waits on a condition that other threads change (status, store rows); polls the
    /// predicate on a short interval because those values have no observer.
    @discardableResult
    func eventually(timeout: TimeInterval = 60, _ predicate: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let tick = NSCondition()
        while Date() < deadline {
            if try predicate() { return true }
            tick.withLock { _ = tick.wait(until: Date().addingTimeInterval(0.02)) }
        }
        return try predicate()
    }

    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let secondSecret = "whsec_" + Data((0..<32).map { UInt8($0) }).base64EncodedString()
}
