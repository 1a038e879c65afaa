import Foundation
@testable import UCBridge

/// A fresh directory under the system temp dir, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ucbridge-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var databasePath: String { path + "/state/ucbridge.db" }
}

enum StoreFixtures {
    static let source = "ucbridge://local/svc-bridge"

    static func event(_ id: String, type: EventType = .callStarted, subject: String? = "conn-1", time: Date = Date(timeIntervalSince1970: 1_796_292_930.123),
                      data: JSONValue = ["state": "offering"], raw: JSONValue? = nil) -> CanonicalEvent {
        CanonicalEvent(id: id, source: source, type: type, subject: subject, time: time, data: data, raw: raw)
    }

    /// Events `first..<first+count`, ids `evt-<n>`, in one batch.
    static func batch(from first: Int, count: Int, type: EventType = .presenceChanged) -> NormalizedBatch {
        NormalizedBatch(events: (first..<(first + count)).map { n in
            event("evt-\(n)", type: type, subject: "contact-\(n % 7)", data: ["n": .int(Int64(n))])
        })
    }

    static func openStore(_ dir: TemporaryDirectory, metrics: Metrics = Metrics(), retention: RetentionConfig = RetentionConfig(),
                          options: StoreOptions = StoreOptions()) throws -> Store {
        try Store(path: dir.databasePath, logger: .discard, metrics: metrics, retention: retention, options: options)
    }
}

/// A value several threads wait on: `wait(until:)` blocks on a condition, with a deadline so a
/// broken test fails instead of hanging.
final class Signal<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    init(_ initial: Value) { value = initial }

    var current: Value { condition.withLock { value } }

    func update(_ change: (inout Value) -> Void) {
        condition.withLock {
            change(&value)
            condition.broadcast()
        }
    }

    /// True when `predicate` held before `timeout` seconds passed.
    @discardableResult
    func wait(timeout: TimeInterval = 30, until predicate: (Value) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while !predicate(value) {
                if !condition.wait(until: deadline) { return predicate(value) }
            }
            return true
        }
    }
}
