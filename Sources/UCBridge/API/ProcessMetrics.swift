import Foundation

/// Gauges read when `/metrics` is scraped: resident memory of the process and the outbox position.
enum ProcessMetrics {
    static func register(on metrics: Metrics, store: Store) {
        metrics.describe("process_resident_memory_bytes", "gauge", "Resident memory size in bytes")
        metrics.describe("ucbridge_outbox_last_sequence", "gauge", "Sequence of the newest committed event")
        let writer = store.writer
        metrics.addCollector { [weak writer] m in
            if let rss = residentBytes() { m.set("process_resident_memory_bytes", [], Double(rss)) }
            if let writer { m.set("ucbridge_outbox_last_sequence", [], Double(writer.lastCommittedSequence)) }
        }
    }

    /// `VmRSS` from /proc/self/status, in bytes.
    static func residentBytes() -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kb = Int64(fields[1]) else { return nil }
            return kb * 1024
        }
        return nil
    }
}
