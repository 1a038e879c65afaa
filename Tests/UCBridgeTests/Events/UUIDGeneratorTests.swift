import Foundation
import Testing
@testable import UCBridge

@Suite struct UUIDGeneratorTests {
    @Test func v5MatchesTheRFC9562Example() {
        #expect(UUIDGenerator.v5(namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8", name: "www.example.com") == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test func v5IsStableForTheSameNameAndDiffersForAnother() {
        let a = UUIDGenerator.v5(namespace: UUIDGenerator.eventNamespace, name: "journal:X:1")
        #expect(a == UUIDGenerator.v5(namespace: UUIDGenerator.eventNamespace, name: "journal:X:1"))
        #expect(a != UUIDGenerator.v5(namespace: UUIDGenerator.eventNamespace, name: "journal:X:2"))
    }

    @Test func v7CarriesVersionVariantAndTheMillisecondTimestamp() throws {
        // Later than any other test's clock: v7 never goes back behind an id it already issued.
        let now = Date(timeIntervalSince1970: 4_102_444_800.1235)
        let id = UUIDGenerator.v7(now: now)
        #expect(id.count == 36)
        let hex = id.replacingOccurrences(of: "-", with: "")
        #expect(Array(hex)[12] == "7")
        #expect("89ab".contains(Array(hex)[16]))
        let ms = try #require(UInt64(hex.prefix(12), radix: 16))
        #expect(ms == 4_102_444_800_123)
        #expect(UUID(uuidString: id) != nil)
    }

    @Test func v7IdsSortByTimeAndAreUnique() {
        let base = Date(timeIntervalSince1970: 1_900_000_000)
        let ids = (0..<200).map { UUIDGenerator.v7(now: base.addingTimeInterval(Double($0) * 0.001 + 0.0005)) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test func v7StaysMonotonicWithinOneMillisecondAndWhenTheClockStepsBack() {
        let t = Date(timeIntervalSince1970: 1_950_000_000.0005)
        var ids = (0..<5000).map { _ in UUIDGenerator.v7(now: t) }
        ids.append(UUIDGenerator.v7(now: t.addingTimeInterval(-60)))
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }
}
