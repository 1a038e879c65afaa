import Foundation

/// `AsnSystemTime` on the wire (PROTOCOL.md section 3.1): an ISO 8601 string from the Windows
/// server, `""` for "no time" (e.g. never connected), a raw variant-time number from
/// non-Windows builds. We accept every form and always send `YYYY-MM-DDTHH:MM:SSZ`
/// (`.mmm` only when there are milliseconds — the server's own format; it rejects offsets).
public enum AsnSystemTime {
    /// Days between the variant-time epoch (1899-12-30) and the Unix epoch.
    static let variantUnixEpochDays = 25569.0

    public static func date(from json: JSONValue) -> Date? {
        switch json {
        case let .string(s): return parse(s)
        case let .int(i): return fromVariant(Double(i))
        case let .double(d): return fromVariant(d)
        default: return nil
        }
    }

    /// Variant times below 10 are the server's "null" time.
    static func fromVariant(_ v: Double) -> Date? {
        guard v.isFinite, v >= 10 else { return nil }
        return Date(timeIntervalSince1970: (v - variantUnixEpochDays) * 86400)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM|±HHMM)`; a space instead of `T` and lowercase
    /// `t`/`z` are tolerated. Anything else is nil.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45, let day = digits(8, 2),
            [84, 116, 32].contains(b[10]), let hour = digits(11, 2), b[13] == 58, let minute = digits(14, 2),
            b[16] == 58, let second = digits(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard (1...9).contains(i - start) else { return nil }
        }
        var offsetSeconds = 0
        guard i < b.count else { return nil }
        switch b[i] {
        case 90, 122:  // Z z
            i += 1
        case 43, 45:  // + -
            let sign = b[i] == 45 ? -1 : 1
            guard let oh = digits(i + 1, 2) else { return nil }
            var om = 0
            if let m = digits(i + 3, 2) {
                om = m
                i += 5
            } else if i + 3 < b.count, b[i + 3] == 58, let m = digits(i + 4, 2) {
                om = m
                i += 6
            } else {
                i += 3
            }
            guard oh < 24, om < 60 else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        default:
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds)
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    /// The server's own format: whole seconds, or exactly three fraction digits.
    public static func string(from date: Date) -> String {
        let totalMs = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var secs = totalMs / 1000
        var ms = totalMs % 1000
        if ms < 0 {
            ms += 1000
            secs -= 1
        }
        var days = secs / 86400
        var rem = secs % 86400
        if rem < 0 {
            rem += 86400
            days -= 1
        }
        let (y, m, d) = civilFromDays(Int(days))
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        var out = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(Int(rem / 3600), 2)):\(pad(Int(rem % 3600 / 60), 2)):\(pad(Int(rem % 60), 2))"
        if ms != 0 { out += "." + pad(Int(ms), 3) }
        return out + "Z"
    }

    /// RFC 3339 UTC with milliseconds, always: the form of canonical event times and data.
    public static func rfc3339Millis(_ date: Date) -> String {
        let s = string(from: date)
        return s.contains(".") ? s : String(s.dropLast()) + ".000Z"
    }

    // Howard Hinnant's civil calendar algorithms (proleptic Gregorian, no Foundation calendar).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
