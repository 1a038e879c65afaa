import Foundation

/// Renders a `CanonicalEvent` as the CloudEvents 1.0 structured JSON of ARCHITECTURE.md §4,
/// with the outbox sequence. `data.raw` is not part of it: sinks with `include_raw` add it.
public enum CloudEventEnvelope {
    public static func render(_ event: CanonicalEvent, sequence: Int64) -> [UInt8] {
        var members: [(String, JSONValue)] = [
            ("specversion", "1.0"),
            ("id", .string(event.id)),
            ("source", .string(event.source)),
            ("type", .string(event.type.rawValue)),
        ]
        if let subject = event.subject { members.append(("subject", .string(subject))) }
        members.append(("time", .string(timestamp(event.time))))
        members.append(("datacontenttype", "application/json"))
        members.append(("sequence", .string(sequenceString(sequence))))
        members.append(("data", event.data))
        return JSONValue.object(members).jsonBytes
    }

    /// The CloudEvents `sequence` extension: zero-padded to 20 digits so it orders as text.
    public static func sequenceString(_ sequence: Int64) -> String {
        let digits = String(sequence)
        return digits.count >= 20 ? digits : String(repeating: "0", count: 20 - digits.count) + digits
    }

    /// RFC 3339, UTC, milliseconds: `2026-12-03T10:15:30.123Z`.
    public static func timestamp(_ date: Date) -> String {
        timestamp(milliseconds: milliseconds(date))
    }

    static func timestamp(milliseconds ms: Int64) -> String {
        var seconds = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        let millis = Int(ms - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    /// Whole milliseconds since 1970, the unit of every time column. Rounded to nearest: a
    /// time that came in as milliseconds must not lose one to floating-point error.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
