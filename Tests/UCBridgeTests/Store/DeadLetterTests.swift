import Foundation
import Testing
@testable import UCBridge

@Suite struct DeadLetterTests {
    static func letter(sink: String, sequence: Int64) -> DeadLetter {
        DeadLetter(sink: sink, sequence: sequence, eventID: "evt-\(sequence)", type: "ucbridge.call.ended", subject: "c1", attempts: 15,
                   lastStatus: 503, lastError: "HTTP 503", firstAttemptAt: Date(timeIntervalSince1970: 1_796_000_000),
                   deadAt: Date(timeIntervalSince1970: 1_796_259_200))
    }

    @Test func addListRequeueTakeRoundTrip() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        let a = try store.addDeadLetter(Self.letter(sink: "crm", sequence: 3))
        let b = try store.addDeadLetter(Self.letter(sink: "crm", sequence: 5))
        let c = try store.addDeadLetter(Self.letter(sink: "wallboard", sequence: 3))
        #expect(a != b && b != c)

        let reader = try store.makeReader()
        let crm = try reader.deadLetters(sink: "crm")
        #expect(crm.map(\.id) == [a, b])
        var expected = Self.letter(sink: "crm", sequence: 3)
        expected.id = a
        #expect(crm.first == expected)
        #expect(try reader.deadLetters(sink: nil).count == 3)

        #expect(try store.requeueDeadLetter(id: 999) == nil)
        #expect(try store.requeueDeadLetter(id: b)?.state == "requeued")
        #expect(try store.takeRequeued(sink: "wallboard").isEmpty)
        let taken = try store.takeRequeued(sink: "crm")
        #expect(taken.map(\.id) == [b])
        #expect(taken.first?.sequence == 5)
        #expect(try store.takeRequeued(sink: "crm").isEmpty)
        #expect(try reader.deadLetters(sink: "crm").map(\.state) == ["dead", "taken"])
    }

    @Test func sinkCursorsPersistAcrossReopen() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try StoreFixtures.openStore(dir)
            #expect(try store.makeReader().sinkCursor(sink: "crm") == 0)
            try store.saveSinkCursor(sink: "crm", cursor: 41)
            try store.saveSinkCursor(sink: "crm", cursor: 42)
            store.close()
        }
        let store = try StoreFixtures.openStore(dir)
        #expect(try store.makeReader().sinkCursor(sink: "crm") == 42)
        #expect(try store.makeReader().sinkCursor(sink: "other") == 0)
    }

    @Test func bookkeepingAfterCloseThrowsInsteadOfHanging() throws {
        let dir = try TemporaryDirectory()
        let store = try StoreFixtures.openStore(dir)
        store.close()
        #expect(throws: StoreClosedError.self) { try store.saveSinkCursor(sink: "crm", cursor: 1) }
    }
}
