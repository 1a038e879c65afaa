import Foundation

/// Process-wide counters, gauges and histograms, rendered in the Prometheus text format by
/// `GET /metrics`. Passed to each stage (no global); every update takes one short lock.
public final class Metrics: @unchecked Sendable {
    public typealias Labels = [(String, String)]

    private struct Key: Hashable {
        let name: String
        let labels: String
    }

    private struct Family {
        let help: String
        let kind: String
    }

    private struct Histogram {
        var buckets: [Double]
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    private let lock = NSLock()
    private var families: [String: Family] = [:]
    private var values: [Key: Double] = [:]
    private var histograms: [Key: Histogram] = [:]
    private var collectors: [@Sendable (Metrics) -> Void] = []

    public static let defaultLatencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public init() {}

    /// Declares a family once (help text and type); later declarations are ignored.
    public func describe(_ name: String, _ kind: String, _ help: String) {
        lock.withLock { if families[name] == nil { families[name] = Family(help: help, kind: kind) } }
    }

    public func increment(_ name: String, _ labels: Labels = [], by amount: Double = 1) {
        let key = Key(name: name, labels: Self.render(labels))
        lock.withLock { values[key, default: 0] += amount }
    }

    public func set(_ name: String, _ labels: Labels = [], _ value: Double) {
        let key = Key(name: name, labels: Self.render(labels))
        lock.withLock { values[key] = value }
    }

    public func observe(_ name: String, _ labels: Labels = [], _ value: Double, buckets: [Double] = Metrics.defaultLatencyBuckets) {
        let key = Key(name: name, labels: Self.render(labels))
        lock.withLock {
            var h = histograms[key] ?? Histogram(buckets: buckets, counts: Array(repeating: 0, count: buckets.count))
            for (i, b) in h.buckets.enumerated() where value <= b { h.counts[i] += 1 }
            h.sum += value
            h.count += 1
            histograms[key] = h
        }
    }

    public func value(_ name: String, _ labels: Labels = []) -> Double {
        let key = Key(name: name, labels: Self.render(labels))
        return lock.withLock { values[key] ?? 0 }
    }

    /// A callback run before each render, for gauges read on demand (RSS, outbox size).
    public func addCollector(_ collect: @escaping @Sendable (Metrics) -> Void) {
        lock.withLock { collectors.append(collect) }
    }

    public func renderPrometheus() -> String {
        let collectors = lock.withLock { self.collectors }
        for c in collectors { c(self) }
        return lock.withLock {
            var out = ""
            let names = Set(values.keys.map(\.name)).union(histograms.keys.map(\.name)).union(families.keys)
            for name in names.sorted() {
                let family = families[name]
                let kind = family?.kind ?? (histograms.keys.contains { $0.name == name } ? "histogram" : "gauge")
                out += "# HELP \(name) \(family?.help ?? name)\n# TYPE \(name) \(kind)\n"
                for (key, v) in values where key.name == name {
                    out += "\(name)\(key.labels.isEmpty ? "" : "{\(key.labels)}") \(Self.format(v))\n"
                }
                for (key, h) in histograms where key.name == name {
                    let sep = key.labels.isEmpty ? "" : key.labels + ","
                    for (i, b) in h.buckets.enumerated() {
                        out += "\(name)_bucket{\(sep)le=\"\(Self.format(b))\"} \(h.counts[i])\n"
                    }
                    out += "\(name)_bucket{\(sep)le=\"+Inf\"} \(h.count)\n"
                    out += "\(name)_sum\(key.labels.isEmpty ? "" : "{\(key.labels)}") \(Self.format(h.sum))\n"
                    out += "\(name)_count\(key.labels.isEmpty ? "" : "{\(key.labels)}") \(h.count)\n"
                }
            }
            return out
        }
    }

    private static func render(_ labels: Labels) -> String {
        labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
    }

    private static func escape(_ s: String) -> String {
        // Label values are almost always plain; skip the copies on the hot path.
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == 0x0A }) else { return s }
        return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func format(_ v: Double) -> String {
        if v.rounded() == v, abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}
