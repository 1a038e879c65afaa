import Foundation

/// Typed reads of query arguments; every failure names the parameter and what it expects.
struct QueryParameters {
    let values: [String: String]

    init(_ request: APIRequest) { values = request.query }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text = values[name] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw .badRequest(name, "expected an integer \(range.lowerBound)..\(range.upperBound)")
        }
        return n
    }

    /// A sequence number: the plain integer or the 20-digit zero-padded CloudEvents form.
    func sequence(_ name: String) throws(APIError) -> Int64? {
        guard let text = values[name] else { return nil }
        return try Self.sequence(text, name: name)
    }

    static func sequence(_ text: String, name: String) throws(APIError) -> Int64 {
        guard let n = Int64(text.trimmingCharacters(in: .whitespaces)), n >= 0 else {
            throw .badRequest(name, "expected a sequence number (a non-negative integer)")
        }
        return n
    }

    func date(_ name: String) throws(APIError) -> Date? {
        guard let text = values[name] else { return nil }
        // A literal '+' in a query string decodes to a space; put the offset sign back.
        guard let date = RFC3339.parse(text.replacingOccurrences(of: " ", with: "+")) else {
            throw .badRequest(name, "expected an RFC 3339 time such as 2026-12-03T10:15:30Z")
        }
        return date
    }

    /// Comma-separated type globs such as `ucbridge.call.*,ucbridge.presence.changed`.
    func globs(_ name: String) throws(APIError) -> [String] {
        guard let text = values[name] else { return [] }
        let globs = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !globs.isEmpty, globs.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || "._-*?".contains($0) } }) else {
            throw .badRequest(name, "expected event type globs such as ucbridge.call.* (comma-separated)")
        }
        return globs
    }

    func string(_ name: String) -> String? {
        guard let text = values[name], !text.isEmpty else { return nil }
        return text
    }
}

/// RFC 3339 times as the API writes (UTC, milliseconds) and reads them (any offset, optional fraction).
public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var t = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        let millis = Int(((ms % 1000) + 1000) % 1000)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: text) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
