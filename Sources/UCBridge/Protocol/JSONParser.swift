/// Why a document is not acceptable JSON; `offset` is the byte position where parsing stopped.
public struct JSONError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Reason: Equatable, Sendable {
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case invalidUTF8
        case invalidEscape
        case invalidNumber
        case tooDeep(Int)
        case trailingBytes
    }
    public var reason: Reason
    public var offset: Int

    public var description: String {
        switch reason {
        case .unexpectedEnd: return "JSON ends early at byte \(offset)"
        case let .unexpectedByte(b): return "unexpected byte 0x\(String(b, radix: 16)) at byte \(offset)"
        case .invalidUTF8: return "invalid UTF-8 at byte \(offset)"
        case .invalidEscape: return "invalid escape sequence at byte \(offset)"
        case .invalidNumber: return "invalid number at byte \(offset)"
        case let .tooDeep(limit): return "JSON nested deeper than \(limit) levels at byte \(offset)"
        case .trailingBytes: return "unexpected data after the JSON value at byte \(offset)"
        }
    }
}

/// A strict RFC 8259 parser over bytes. Untrusted input: nesting depth is bounded, strings are
/// validated as UTF-8, and every failure is a `JSONError`, never a crash.
public struct JSONParser {
    public static let defaultMaxDepth = 64

    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer throws(JSONError) in
            var parser = Cursor(bytes: buffer, maxDepth: maxDepth)
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            if parser.index != buffer.count { throw JSONError(reason: .trailingBytes, offset: parser.index) }
            return value
        }
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        func fail(_ reason: JSONError.Reason) -> JSONError { JSONError(reason: reason, offset: index) }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func peek() throws(JSONError) -> UInt8 {
            guard index < bytes.count else { throw fail(.unexpectedEnd) }
            return bytes[index]
        }

        mutating func expect(_ literal: StaticString, value: JSONValue) throws(JSONError) -> JSONValue {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw JSONError(reason: .unexpectedEnd, offset: bytes.count) }
            let start = literal.utf8Start
            for i in 0..<count where bytes[index + i] != start[i] {
                index += i
                throw fail(.unexpectedByte(bytes[index]))
            }
            index += count
            return value
        }

        mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
            switch try peek() {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): return try expect("true", value: .bool(true))
            case UInt8(ascii: "f"): return try expect("false", value: .bool(false))
            case UInt8(ascii: "n"): return try expect("null", value: .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            case let b: throw fail(.unexpectedByte(b))
            }
        }

        mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
            guard depth <= maxDepth else { throw fail(.tooDeep(maxDepth)) }
            index += 1
            var members: [(String, JSONValue)] = []
            skipWhitespace()
            if try peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard try peek() == UInt8(ascii: "\"") else { throw fail(.unexpectedByte(bytes[index])) }
                let key = try parseString()
                skipWhitespace()
                guard try peek() == UInt8(ascii: ":") else { throw fail(.unexpectedByte(bytes[index])) }
                index += 1
                skipWhitespace()
                members.append((key, try parseValue(depth: depth)))
                skipWhitespace()
                switch try peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return .object(members)
                case let b: throw fail(.unexpectedByte(b))
                }
            }
        }

        mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
            guard depth <= maxDepth else { throw fail(.tooDeep(maxDepth)) }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if try peek() == UInt8(ascii: "]") { index += 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                switch try peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(elements)
                case let b: throw fail(.unexpectedByte(b))
                }
            }
        }

        mutating func parseNumber() throws(JSONError) -> JSONValue {
            let start = index
            var isInteger = true
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count else { throw fail(.unexpectedEnd) }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[index]) {
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            } else {
                throw fail(.invalidNumber)
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                let digits = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > digits else { throw fail(.invalidNumber) }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                let digits = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > digits else { throw fail(.invalidNumber) }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if isInteger, let i = Int64(text) { return .int(i) }
            guard let d = Double(text), d.isFinite else { throw JSONError(reason: .invalidNumber, offset: start) }
            return .double(d)
        }

        mutating func parseHex4() throws(JSONError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw JSONError(reason: .unexpectedEnd, offset: bytes.count) }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[index]
                let digit: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
                default: throw fail(.invalidEscape)
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        mutating func parseString() throws(JSONError) -> String {
            index += 1  // opening quote
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    guard let s = String(validating: slice, as: UTF8.self) else {
                        throw JSONError(reason: .invalidUTF8, offset: start)
                    }
                    index += 1
                    return s
                }
                if b == UInt8(ascii: "\\") { break }
                if b < 0x20 { throw fail(.unexpectedByte(b)) }
                index += 1
            }
            guard index < bytes.count else { throw fail(.unexpectedEnd) }
            // Slow path with escapes.
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while true {
                guard index < bytes.count else { throw fail(.unexpectedEnd) }
                let b = bytes[index]
                if b == UInt8(ascii: "\"") { index += 1; break }
                if b < 0x20 { throw fail(.unexpectedByte(b)) }
                if b != UInt8(ascii: "\\") { out.append(b); index += 1; continue }
                index += 1
                guard index < bytes.count else { throw fail(.unexpectedEnd) }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                        else { throw fail(.invalidEscape) }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail(.invalidEscape) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail(.invalidEscape)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail(.invalidEscape) }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw JSONError(reason: .invalidEscape, offset: index - 1)
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw JSONError(reason: .invalidUTF8, offset: start) }
            return s
        }
    }
}
