import Foundation
import Testing
@testable import UCBridge

/// The process writing the outbox is killed with SIGKILL mid-burst; every event it had
/// reported committed must be there, once, in an intact database.
@Suite struct StoreCrashTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func sigkillMidBurstLosesNoReportedCommit() throws {
        let tool = Self.repoRoot.appendingPathComponent(".build/debug/ucbridge-storetool")
        try #require(FileManager.default.isExecutableFile(atPath: tool.path), "build first: swift build (needs \(tool.path))")
        let dir = try TemporaryDirectory()
        let total = 5_000_000

        let child = Process()
        child.executableURL = tool
        child.arguments = ["burst", "--db", dir.databasePath, "--events", String(total), "--batch", "50"]
        let stdout = Pipe()
        child.standardOutput = stdout
        try child.run()
        // A hung child must fail the test, not hang it.
        let pid = child.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)

        var reported: Int64 = 0
        var pending = ""
        let reader = stdout.fileHandleForReading
        while reported < 3_000 {
            let data = reader.availableData
            if data.isEmpty { break }  // EOF: the child died on its own
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline]
                pending = String(pending[pending.index(after: newline)...])
                if line.hasPrefix("committed "), let seq = Int64(line.dropFirst("committed ".count)) { reported = max(reported, seq) }
            }
        }
        kill(pid, SIGKILL)
        child.waitUntilExit()
        watchdog.cancel()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGKILL)
        try #require(reported >= 3_000, "the child reported only \(reported) committed events")

        let integrity = try SQLiteConnection(path: dir.databasePath).scalarText("PRAGMA integrity_check")
        #expect(integrity == "ok")
        let store = try Store(path: dir.databasePath, logger: .discard)
        let reader2 = try store.makeReader()
        let latest = try reader2.latestSequence()
        #expect(latest >= reported)
        #expect(latest < Int64(total))  // killed mid-burst, not after
        let events = try reader2.events(after: 0, limit: Int(latest) + 10)
        // Gap-free, each id once, every reported one among them.
        #expect(events.map(\.sequence) == Array(1...latest))
        #expect(events.allSatisfy { $0.id == "evt-\($0.sequence)" })
        #expect(Set(events.map(\.id)).count == events.count)
        #expect(store.writer.lastCommittedSequence == latest)

        // The reopened outbox keeps going where the dead one stopped.
        store.writer.submit(NormalizedBatch(events: [StoreFixtures.event("after-restart")]))
        store.writer.flush()
        #expect(try reader2.event(sequence: latest + 1)?.id == "after-restart")
    }
}
