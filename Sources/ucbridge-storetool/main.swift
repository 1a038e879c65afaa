import Foundation
import UCBridge

// A small driver of the store for tests and benchmarks (not installed):
//   ucbridge-storetool burst  --db PATH [--events N] [--batch K]
//       writes events evt-1...evt-N through OutboxWriter and prints "committed SEQ" after every
//       commit, so a test can SIGKILL it mid-burst and check what was reported committed.
//   ucbridge-storetool ingest --db PATH [--events N] [--batch K] [--size BYTES]
//       the store part of the ingest benchmark: time-ordered ids, ~BYTES per event, prints events/s.

let usage = "usage: ucbridge-storetool burst|ingest --db PATH [--events N] [--batch K] [--size BYTES]\n"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

/// Unbuffered: a line printed is a line the parent can read even if we are killed right after.
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(1, raw.baseAddress! + offset, raw.count - offset)
            if n <= 0 { if errno == EINTR { continue }; exit(3) }
            offset += n
        }
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first, ["burst", "ingest"].contains(command) else { fail(usage) }
arguments.removeFirst()
var options: [String: String] = [:]
while arguments.count >= 2, arguments[0].hasPrefix("--") {
    options[String(arguments[0].dropFirst(2))] = arguments[1]
    arguments.removeFirst(2)
}
guard arguments.isEmpty, let dbPath = options["db"] else { fail(usage) }
let total = Int(options["events"] ?? "100000") ?? 100_000
let batchSize = max(1, Int(options["batch"] ?? "100") ?? 100)
let eventSize = Int(options["size"] ?? "600") ?? 600

/// UUIDv7 layout: 48-bit ms timestamp, then a counter, so ids are time-ordered like ingest's.
func timeOrderedID(_ n: Int, ms: UInt64) -> String {
    let hex = String(ms, radix: 16)
    let time = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    let counterHex = String(UInt64(n), radix: 16)
    let counter = String(repeating: "0", count: max(0, 19 - counterHex.count)) + counterHex
    let c = Array(counter)
    return "\(time.prefix(8))-\(time.suffix(4))-7\(String(c[0..<3]))-8\(String(c[3..<6]))-\(String(c[6..<18]))"
}

let logger = Logger(label: "storetool", sink: LogSink(level: .warning, destination: .stderr))
let store: Store
do {
    store = try Store(path: dbPath, logger: logger)
} catch {
    fail("cannot open \(dbPath): \(error)")
}

let source = "ucbridge://local/storetool"
let filler = String(repeating: "x", count: max(0, eventSize - 420))
let start = Date()
if command == "burst" {
    store.writer.addCommitObserver { sequence in say("committed \(sequence)") }
}
var n = 1
while n <= total {
    let ms = UInt64(Date().timeIntervalSince1970 * 1000)
    let events = (n..<min(n + batchSize, total + 1)).map { i -> CanonicalEvent in
        let id = command == "burst" ? "evt-\(i)" : timeOrderedID(i, ms: ms)
        let data: JSONValue = ["contact": .string("sip:user\(i % 500)@example.com"), "state": "busy", "flags": ["in_call"],
                               "raw_state": 2, "note": .string(filler), "absent": nil, "display_name": "A User", "changed": ["presence"]]
        return CanonicalEvent(id: id, source: source, type: .presenceChanged, subject: "sip:user\(i % 500)@example.com",
                              time: Date(), data: data)
    }
    store.writer.submit(NormalizedBatch(events: events))
    n += batchSize
}
store.writer.flush()
let seconds = Date().timeIntervalSince(start)
store.close()
if command == "ingest" {
    say(String(format: "store ingest: %d events in %.2f s = %.0f events/s (batches of %d, ~%d bytes)", total, seconds, Double(total) / seconds, batchSize, eventSize))
} else {
    say("done")
}
