import CCrypto
import Foundation

/// Event ids (ARCHITECTURE.md section 4): UUIDv7 at ingest, time-ordered so the outbox's
/// unique index appends; UUIDv5 where the source has an identity (a journal revision, a
/// resynced difference), so that replaying it yields the same id and the store ignores it.
public enum UUIDGenerator {
    /// RFC 9562 version 7: 48-bit Unix milliseconds, then 74 random bits.
    public static func v7(now: Date) -> String {
        var rng = SystemRandomNumberGenerator()
        let ms = UInt64(max(0, (now.timeIntervalSince1970 * 1000).rounded(.down)))
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: ms >> (40 - 8 * UInt64(i))) }
        let r1 = rng.next() as UInt64
        let r2 = rng.next() as UInt64
        for i in 0..<8 { bytes[6 + i] = UInt8(truncatingIfNeeded: r1 >> (8 * UInt64(i))) }
        for i in 0..<2 { bytes[14 + i] = UInt8(truncatingIfNeeded: r2 >> (8 * UInt64(i))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return format(bytes)
    }

    /// RFC 9562 version 5: SHA-1 of the namespace UUID's bytes followed by the name's UTF-8.
    /// An unparsable namespace is treated as the nil UUID (callers pass constants).
    public static func v5(namespace: String, name: String) -> String {
        var input = parse(namespace) ?? [UInt8](repeating: 0, count: 16)
        input.append(contentsOf: Array(name.utf8))
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        _ = input.withUnsafeBufferPointer { inBuf in
            digest.withUnsafeMutableBufferPointer { outBuf in
                SHA1(inBuf.baseAddress, inBuf.count, outBuf.baseAddress)
            }
        }
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return format(bytes)
    }

    /// ucbridge's own namespace for deterministic event ids.
    public static let eventNamespace = "8b0f7a36-52c4-4d1e-9a7f-3c2b1e0d9f64"

    static func parse(_ text: String) -> [UInt8]? {
        let hex = Array(text.utf8).filter { $0 != UInt8(ascii: "-") }
        guard hex.count == 32 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        var i = 0
        while i < 32 {
            guard let hi = nibble(hex[i]), let lo = nibble(hex[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    static func format(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
