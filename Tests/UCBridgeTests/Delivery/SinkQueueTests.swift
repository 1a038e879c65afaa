import Foundation
import Testing
@testable import UCBridge

@Suite struct SinkQueueTests {
    static func event(_ sequence: Int64, _ subject: String?) -> StoredEvent {
        StoredEvent(sequence: sequence, id: "e\(sequence)", type: "ucbridge.call.updated", subject: subject, time: Date(), body: [], raw: nil)
    }

    static func drain(_ q: inout SinkQueue, now: Date = Date()) -> [Int64] {
        var out: [Int64] = []
        while let t = q.next(now: now) { out.append(q.entry(t)!.event.sequence) }
        return out
    }

    @Test func onlyTheOldestEventOfASubjectIsSendable() {
        var q = SinkQueue(cursor: 0)
        q.append([Self.event(1, "a"), Self.event(2, "b"), Self.event(3, "a"), Self.event(4, nil), Self.event(5, nil)], through: 5) { _ in Date() }
        var tickets: [Int64: UInt64] = [:]
        while let t = q.next(now: Date()) { tickets[q.entry(t)!.event.sequence] = t }
        #expect(tickets.keys.sorted() == [1, 2, 4])
        q.complete(tickets[1]!)
        let next = q.next(now: Date())
        #expect(next.flatMap { q.entry($0)?.event.sequence } == 3)
        #expect(q.next(now: Date()) == nil)
        q.complete(tickets[4]!)
        #expect(q.next(now: Date()).flatMap { q.entry($0)?.event.sequence } == 5)
    }

    @Test func cursorCoversOnlyAContiguousCompletedPrefix() {
        var q = SinkQueue(cursor: 10)
        // 12 and 14 did not match the sink's filter: complete by definition.
        q.append([Self.event(11, "a"), Self.event(13, "b"), Self.event(15, "c")], through: 16) { _ in Date() }
        var tickets: [Int64: UInt64] = [:]
        while let t = q.next(now: Date()) { tickets[q.entry(t)!.event.sequence] = t }
        #expect(q.cursor == 10)
        q.complete(tickets[13]!)
        q.complete(tickets[15]!)
        #expect(q.cursor == 10)
        q.complete(tickets[11]!)
        #expect(q.cursor == 16)
        #expect(q.count == 0)
    }

    @Test func aSubjectInBackoffHoldsItsLaterEventsButNotOthers() {
        var q = SinkQueue(cursor: 0)
        q.append([Self.event(1, "a"), Self.event(2, "a"), Self.event(3, "b")], through: 3) { _ in Date() }
        let now = Date()
        let first = q.next(now: now)!
        let other = q.next(now: now)!
        #expect(q.entry(other)?.event.sequence == 3)
        q.retry(first, until: now.addingTimeInterval(5), status: 500, error: "HTTP 500")
        #expect(q.next(now: now) == nil)
        #expect(q.nextBackoffDeadline == now.addingTimeInterval(5))
        q.complete(other)
        #expect(q.cursor == 0)
        let again = q.next(now: now.addingTimeInterval(5))
        #expect(again == first)
        q.complete(first)
        #expect(Self.drain(&q) == [2])
    }

    @Test func redeliveriesDoNotMoveTheCursor() {
        var q = SinkQueue(cursor: 0)
        q.append([Self.event(5, "a")], through: 9) { _ in Date() }
        q.appendRedelivery(Self.event(2, "z"), deadLetterID: 1, now: Date())
        var tickets: [Int64: UInt64] = [:]
        while let t = q.next(now: Date()) { tickets[q.entry(t)!.event.sequence] = t }
        #expect(tickets.keys.sorted() == [2, 5])
        q.complete(tickets[2]!)
        #expect(q.cursor == 4)
        q.complete(tickets[5]!)
        #expect(q.cursor == 9)
    }

    @Test func anAbortedAttemptIsSendableAgain() {
        var q = SinkQueue(cursor: 0)
        q.append([Self.event(1, "a")], through: 1) { _ in Date() }
        let t = q.next(now: Date())!
        #expect(q.inFlightCount == 1)
        q.abort(t)
        #expect(q.inFlightCount == 0)
        #expect(q.next(now: Date()) == t)
    }
}
