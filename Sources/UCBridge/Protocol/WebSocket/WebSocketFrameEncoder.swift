/// Serializes frames for the wire. Clients mask with a fresh key per frame (RFC 6455 section 5.3);
/// the key source is injectable so tests can reproduce the RFC's examples byte for byte.
public struct WebSocketFrameEncoder: Sendable {
    public let role: WebSocketRole
    private let maskKey: @Sendable () -> (UInt8, UInt8, UInt8, UInt8)

    public init(role: WebSocketRole, maskKey: @escaping @Sendable () -> (UInt8, UInt8, UInt8, UInt8) = WebSocketFrameEncoder.randomMaskKey) {
        self.role = role
        self.maskKey = maskKey
    }

    public static let randomMaskKey: @Sendable () -> (UInt8, UInt8, UInt8, UInt8) = {
        var g = SystemRandomNumberGenerator()
        let v = g.next() as UInt32
        return (UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 24))
    }

    public func encode(_ frame: WebSocketFrame) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(frame.payload.count + 14)
        out.append((frame.fin ? 0x80 : 0) | frame.opcode.rawValue)
        let maskBit: UInt8 = role == .client ? 0x80 : 0
        let n = frame.payload.count
        if n < 126 {
            out.append(maskBit | UInt8(n))
        } else if n <= 0xFFFF {
            out.append(maskBit | 126)
            out.append(UInt8(n >> 8)); out.append(UInt8(n & 0xFF))
        } else {
            out.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((UInt64(n) >> UInt64(shift)) & 0xFF)) }
        }
        if role == .client {
            let key = maskKey()
            out.append(key.0); out.append(key.1); out.append(key.2); out.append(key.3)
            var payload = frame.payload
            WebSocketMask.apply(key: key, to: &payload)
            out.append(contentsOf: payload)
        } else {
            out.append(contentsOf: frame.payload)
        }
        return out
    }

    /// A close frame with status code and reason (reason truncated to fit the 125-byte control limit).
    public func encodeClose(code: UInt16, reason: String = "") -> [UInt8] {
        var payload: [UInt8] = [UInt8(code >> 8), UInt8(code & 0xFF)]
        payload.append(contentsOf: Self.truncatedUTF8(reason, maxBytes: 123))
        return encode(WebSocketFrame(opcode: .close, payload: payload))
    }

    /// Cuts at a character boundary: a reason cut inside a multi-byte sequence is invalid
    /// UTF-8, which the peer must answer by failing the connection (RFC 6455 section 8.1).
    static func truncatedUTF8(_ s: String, maxBytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in s.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            guard out.count + bytes.count <= maxBytes else { break }
            out.append(contentsOf: bytes)
        }
        return out
    }
}
