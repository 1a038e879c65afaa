/// RFC 6455 section 5.2 opcodes; unknown values are kept so the decoder can name them in its error.
public enum WebSocketOpcode: Equatable, Sendable {
    case continuation, text, binary, close, ping, pong
    case reserved(UInt8)

    public init(_ raw: UInt8) {
        switch raw {
        case 0x0: self = .continuation
        case 0x1: self = .text
        case 0x2: self = .binary
        case 0x8: self = .close
        case 0x9: self = .ping
        case 0xA: self = .pong
        default: self = .reserved(raw)
        }
    }

    public var rawValue: UInt8 {
        switch self {
        case .continuation: return 0x0
        case .text: return 0x1
        case .binary: return 0x2
        case .close: return 0x8
        case .ping: return 0x9
        case .pong: return 0xA
        case let .reserved(r): return r
        }
    }

    public var isControl: Bool { rawValue & 0x8 != 0 }
}

/// One frame, payload already unmasked.
public struct WebSocketFrame: Equatable, Sendable {
    public var fin: Bool
    public var opcode: WebSocketOpcode
    public var payload: [UInt8]

    public init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }
}

/// Which end of the connection we are: clients mask what they send and must receive unmasked
/// frames; servers the reverse (RFC 6455 section 5.1).
public enum WebSocketRole: Sendable {
    case client, server
}

/// Every way a peer can break RFC 6455, each mapped to the close code we answer with.
public enum WebSocketProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    case reservedBitsSet
    case reservedOpcode(UInt8)
    case fragmentedControlFrame
    case controlFrameTooLong(Int)
    case maskedFrameFromServer
    case unmaskedFrameFromClient
    case nonMinimalLength
    case lengthHighBitSet
    case frameTooLarge(UInt64, limit: Int)
    case messageTooLarge(limit: Int)
    case unexpectedContinuation
    case expectedContinuation
    case invalidUTF8
    case invalidClosePayload

    /// The close status code (RFC 6455 section 7.4.1) that answers this error.
    public var closeCode: UInt16 {
        switch self {
        case .invalidUTF8, .invalidClosePayload: return 1007
        case .frameTooLarge, .messageTooLarge: return 1009
        default: return 1002
        }
    }

    public var description: String {
        switch self {
        case .reservedBitsSet: return "frame has RSV bits set without a negotiated extension"
        case let .reservedOpcode(op): return "frame uses reserved opcode 0x\(String(op, radix: 16))"
        case .fragmentedControlFrame: return "control frame is fragmented"
        case let .controlFrameTooLong(n): return "control frame payload of \(n) bytes exceeds 125"
        case .maskedFrameFromServer: return "server sent a masked frame"
        case .unmaskedFrameFromClient: return "client sent an unmasked frame"
        case .nonMinimalLength: return "payload length not minimally encoded"
        case .lengthHighBitSet: return "64-bit payload length has its most significant bit set"
        case let .frameTooLarge(n, limit): return "frame of \(n) bytes exceeds the \(limit)-byte limit"
        case let .messageTooLarge(limit): return "message exceeds the \(limit)-byte limit"
        case .unexpectedContinuation: return "continuation frame without a message in progress"
        case .expectedContinuation: return "new data frame while a fragmented message is in progress"
        case .invalidUTF8: return "text message is not valid UTF-8"
        case .invalidClosePayload: return "close frame payload is malformed"
        }
    }
}
