/// Parses RFC 6455 frames out of a byte stream. Pure: bytes in, frames or an error out, no I/O.
///
/// Feed it whatever the socket returned with `append`, then call `next()` until it returns nil
/// (needs more bytes). After an error the stream is unusable; the caller closes the connection.
public struct WebSocketFrameDecoder: Sendable {
    public let role: WebSocketRole
    public let maxFrameSize: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0

    public init(role: WebSocketRole, maxFrameSize: Int) {
        self.role = role
        self.maxFrameSize = maxFrameSize
    }

    /// Bytes received but not yet consumed by a complete frame.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if readIndex > 0, readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 65536, readIndex * 2 > buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    public mutating func next() throws(WebSocketProtocolError) -> WebSocketFrame? {
        let available = buffer.count - readIndex
        guard available >= 2 else { return nil }
        let b0 = buffer[readIndex]
        let b1 = buffer[readIndex + 1]
        let fin = b0 & 0x80 != 0
        guard b0 & 0x70 == 0 else { throw .reservedBitsSet }
        let opcode = WebSocketOpcode(b0 & 0x0F)
        if case let .reserved(raw) = opcode { throw .reservedOpcode(raw) }
        let masked = b1 & 0x80 != 0
        switch (role, masked) {
        case (.client, true): throw .maskedFrameFromServer
        case (.server, false): throw .unmaskedFrameFromClient
        default: break
        }
        var headerLength = 2
        var length = UInt64(b1 & 0x7F)
        if length == 126 {
            guard available >= 4 else { return nil }
            length = UInt64(buffer[readIndex + 2]) << 8 | UInt64(buffer[readIndex + 3])
            guard length >= 126 else { throw .nonMinimalLength }
            headerLength = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            length = 0
            for i in 0..<8 { length = length << 8 | UInt64(buffer[readIndex + 2 + i]) }
            guard length & (1 << 63) == 0 else { throw .lengthHighBitSet }
            guard length > 0xFFFF else { throw .nonMinimalLength }
            headerLength = 10
        }
        if opcode.isControl {
            guard fin else { throw .fragmentedControlFrame }
            guard length <= 125 else { throw .controlFrameTooLong(Int(length)) }
        }
        guard length <= UInt64(maxFrameSize) else { throw .frameTooLarge(length, limit: maxFrameSize) }
        let maskLength = masked ? 4 : 0
        let total = headerLength + maskLength + Int(length)
        guard available >= total else { return nil }
        let payloadStart = readIndex + headerLength + maskLength
        var payload = Array(buffer[payloadStart..<(payloadStart + Int(length))])
        if masked {
            let keyStart = readIndex + headerLength
            let key = (buffer[keyStart], buffer[keyStart + 1], buffer[keyStart + 2], buffer[keyStart + 3])
            WebSocketMask.apply(key: key, to: &payload)
        }
        readIndex += total
        return WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }
}

enum WebSocketMask {
    static func apply(key: (UInt8, UInt8, UInt8, UInt8), to payload: inout [UInt8]) {
        let k = [key.0, key.1, key.2, key.3]
        payload.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] ^= k[i & 3] }
        }
    }
}
