/// Event type filters (`events: ["ucbridge.call.*"]`, `?type=`): `*` matches any run of
/// characters, dots included; every other character matches itself.
public enum TypeGlob {
    public static func matches(_ glob: String, _ type: String) -> Bool {
        let pattern = Array(glob.utf8)
        let text = Array(type.utf8)
        var p = 0, t = 0
        var star = -1, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = p
                resume = t
                p += 1
            } else if p < pattern.count, pattern[p] == text[t] {
                p += 1
                t += 1
            } else if star >= 0 {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }

    /// The same glob for SQLite's GLOB operator: `?` and `[` are literal here, so bracket them.
    static func sqlGlob(_ glob: String) -> String {
        var out = ""
        for c in glob {
            switch c {
            case "?": out += "[?]"
            case "[": out += "[[]"
            default: out.append(c)
            }
        }
        return out
    }
}
