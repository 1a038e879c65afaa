import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `AsnSystemTime` as the UCServer's C++ runtime writes it (PROTOCOL.md 3.1): UTC, `Z`,
/// milliseconds only when non-zero; no time = `""`.
enum SimTime {
    static func format(_ date: Date?) -> String {
        guard let date else { return "" }
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var t = time_t(ms / 1000)
        var tm = tm()
        gmtime_r(&t, &tm)
        let base = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)
        let frac = ms % 1000
        return frac == 0 ? base + "Z" : base + String(format: ".%03dZ", Int(frac))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`; nil for `""` or anything else.
    static func parse(_ text: String) -> Date? {
        let s = Array(text.utf8)
        guard s.count >= 19 else { return nil }
        func num(_ a: Int, _ b: Int) -> Int? {
            var v = 0
            for i in a..<b { guard s[i] >= 48, s[i] <= 57 else { return nil }; v = v * 10 + Int(s[i] - 48) }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13), let mi = num(14, 16), let se = num(17, 19) else { return nil }
        var tm = tm()
        tm.tm_year = Int32(y - 1900); tm.tm_mon = Int32(mo - 1); tm.tm_mday = Int32(d)
        tm.tm_hour = Int32(h); tm.tm_min = Int32(mi); tm.tm_sec = Int32(se)
        var seconds = Double(timegm(&tm))
        var i = 19
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < s.count, s[i] >= 48, s[i] <= 57 { seconds += Double(s[i] - 48) * scale; scale /= 10; i += 1 }
        }
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-"), s.count >= i + 6, let oh = num(i + 1, i + 3), let om = num(i + 4, i + 6) {
            let offset = Double(oh * 3600 + om * 60)
            seconds += s[i] == UInt8(ascii: "+") ? -offset : offset
        }
        return Date(timeIntervalSince1970: seconds)
    }
}

/// Random identifiers in the shapes the UCServer uses.
enum SimID {
    static func hex(_ bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02X", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    /// A session id or connection id: 32 upper-case hex digits.
    static func guid() -> String { hex(16) }

    /// A monitor cross-reference id: 8 upper-case hex digits.
    static func crossRef() -> String { hex(4) }
}
