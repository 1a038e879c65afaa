import Foundation
import Testing
@testable import UCBridge

/// Reads wire messages from `Tests/Fixtures` (protocol examples and the event fixtures built
/// for these tests) and feeds them through a normalizer with a fixed clock.
enum EventFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func message(_ path: String) throws -> JSONValue {
        let bytes = try Data(contentsOf: root.appendingPathComponent(path))
        return try JSONParser.parse([UInt8](bytes))
    }

    /// The `argument` of an invoke.
    static func argument(_ path: String) throws -> JSONValue {
        try #require(try message(path)["invoke"]?["argument"])
    }

    /// The operation result of a `result` message.
    static func result(_ path: String) throws -> JSONValue {
        try #require(try message(path)["result"]?["result"]?["result"])
    }

    static func callChange(_ path: String) throws -> IngestInput {
        .callChanged(try CtiCallChange(json: try argument(path)))
    }

    static func snapshot(_ path: String) throws -> IngestInput {
        .lineSnapshot(try CtiLineMonitorSnapshot(json: try result(path)))
    }

    static let clock = Date(timeIntervalSince1970: 1_726_500_000)  // 2024-09-16T15:20:00Z
    static let source = "ucbridge://local/svc-bridge"
}

/// A normalizer and the state it keeps, as the session and the store would drive them.
struct NormalizerHarness {
    var state = BridgeState()
    let normalizer = Normalizer(context: EventContext(source: EventFixture.source, includeRaw: true, now: { EventFixture.clock }))

    mutating func apply(_ input: IngestInput) -> NormalizedBatch {
        normalizer.apply(input, to: &state)
    }

    /// Applies fixtures in order and returns every event they produced.
    mutating func events(_ inputs: [IngestInput]) -> [CanonicalEvent] {
        inputs.flatMap { apply($0).events }
    }
}

extension CanonicalEvent {
    func string(_ key: String) -> String? { data[key]?.stringValue }
}
