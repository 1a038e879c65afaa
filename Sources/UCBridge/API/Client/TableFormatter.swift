import Foundation

/// Aligned text columns for the CLI: a header row in capitals, two spaces between columns,
/// the last column unpadded. Cells are single lines (newlines become spaces).
public struct TableFormatter {
    public var columns: [String]
    public var rows: [[String]] = []

    public init(_ columns: [String]) { self.columns = columns }

    public mutating func add(_ cells: [String]) {
        rows.append(cells.map { $0.replacingOccurrences(of: "\n", with: " ") })
    }

    public var text: String {
        let all = [columns] + rows
        var widths = [Int](repeating: 0, count: columns.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}

/// Times for people: local wall-clock time plus how long ago.
public struct HumanTime: Sendable {
    public var now: Date
    public var timeZone: TimeZone

    public init(now: Date = Date(), timeZone: TimeZone = .current) {
        self.now = now
        self.timeZone = timeZone
    }

    /// "2026-12-03 11:15:30 (2 min ago)"; "-" for null or unparsable input.
    public func describe(_ value: JSONValue?) -> String {
        guard let text = value?.stringValue, let date = RFC3339.parse(text) else { return "-" }
        return "\(local(date)) (\(relative(date)))"
    }

    public func local(_ date: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        let d = c.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", d.year ?? 0, d.month ?? 0, d.day ?? 0, d.hour ?? 0, d.minute ?? 0, d.second ?? 0)
    }

    public func relative(_ date: Date) -> String {
        let seconds = now.timeIntervalSince(date)
        let s = Int(abs(seconds).rounded(.down))
        let amount: String
        switch s {
        case ..<10: return "just now"
        case ..<60: amount = "\(s) s"
        case ..<3600: amount = "\(s / 60) min"
        case ..<86400: amount = "\(s / 3600) h"
        default: amount = "\(s / 86400) \(s / 86400 == 1 ? "day" : "days")"
        }
        return seconds >= 0 ? "\(amount) ago" : "in \(amount)"
    }
}

extension JSONValue {
    /// A cell: strings as they are, numbers and bools printed, null and absent as "-".
    var cell: String {
        switch self {
        case .null: return "-"
        case let .string(s): return s.isEmpty ? "-" : s
        case let .int(i): return String(i)
        case let .double(d): return String(d)
        case let .bool(b): return b ? "yes" : "no"
        case let .array(a): return a.isEmpty ? "-" : a.map(\.cell).joined(separator: ",")
        case .object: return jsonText
        }
    }
}

extension Optional where Wrapped == JSONValue {
    var cell: String { self?.cell ?? "-" }
}
