import CCrypto
import Foundation
import Synchronization

/// Event ids (ARCHITECTURE.md section 4): UUIDv7 at ingest, time-ordered so the outbox's
/// unique index appends; UUIDv5 where the source has an identity (a journal revision, a
/// resynced difference), so that replaying it yields the same id and the store ignores it.
public enum UUIDGenerator {
    /// RFC 9562 version 7: 48-bit Unix milliseconds, a 12-bit counter (`rand_a`, method 1 of
    /// section 6.2) and 62 random bits. Ids from this process never go backwards: within one
    /// millisecond, or when the clock steps back, the counter advances instead.
    public static func v7(now: Date) -> String {
        var rng = SystemRandomNumberGenerator()
        let wall = UInt64(max(0, (now.timeIntervalSince1970 * 1000).rounded(.down)))
        let (ms, counter) = v7Clock.withLock { clock -> (UInt64, UInt64) in
            if wall > clock.ms {
                clock.ms = wall
                clock.counter = rng.next(upperBound: 0x400)  // headroom for the same millisecond
            } else if clock.counter >= 0xFFF {
                clock.ms += 1
                clock.counter = 0
            } else {
                clock.counter += 1
            }
            return (clock.ms, clock.counter)
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: ms >> (40 - 8 * UInt64(i))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: counter >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: counter)
        let random = rng.next() as UInt64
        for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: random >> (8 * UInt64(i))) }
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return format(bytes)
    }

    private struct V7Clock {
        var ms: UInt64 = 0
        var counter: UInt64 = 0
    }

    /// The one piece of process-wide state here: what makes v7 ids monotonic across threads.
    private static let v7Clock = Mutex(V7Clock())

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
