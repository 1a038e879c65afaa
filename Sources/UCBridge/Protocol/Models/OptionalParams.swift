/// `AsnOptionalParameters` (PROTOCOL.md section 3.3): key/value extensions in either the
/// array notation (`[{key, value: {stringdata|binarydata|integerdata}}]`) or the UCServer
/// object notation (`{"key": 1, "other": "x", "photo": {"binarydata": "…"}}`).
public struct OptionalParams: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case string(String)
        case binary([UInt8])
        case integer(Int64)
    }

    public private(set) var entries: [(key: String, value: Value)]

    public init(_ entries: [(key: String, value: Value)] = []) { self.entries = entries }

    public init?(json: JSONValue) {
        var out: [(key: String, value: Value)] = []
        switch json {
        case let .object(members):
            for (key, raw) in members where key != "_type" {
                if let v = Self.value(objectNotation: raw) { out.append((key, v)) }
            }
        case let .array(items):
            for item in items {
                guard let key = item["key"]?.stringValue, let raw = item["value"], let v = Self.value(choice: raw) else { continue }
                out.append((key, v))
            }
        default:
            return nil
        }
        entries = out
    }

    private static func value(objectNotation raw: JSONValue) -> Value? {
        switch raw {
        case let .string(s): return .string(s)
        case let .int(i): return .integer(i)
        case .double, .bool: return raw.intValue.map { .integer($0) }
        case .object: return value(choice: raw)
        default: return nil
        }
    }

    private static func value(choice raw: JSONValue) -> Value? {
        if let s = raw["stringdata"]?.stringValue { return .string(s) }
        if let i = raw["integerdata"]?.intValue { return .integer(i) }
        if let b = raw["binarydata"]?.stringValue { return WireBase64.decode(b).map { .binary($0) } }
        return nil
    }

    public subscript(key: String) -> Value? {
        entries.first(where: { $0.key == key })?.value
    }

    /// Integer values leniently: `iTransactionID` is documented as integer and as string.
    public func integer(_ key: String) -> Int64? {
        switch self[key] {
        case let .integer(i)?: return i
        case let .string(s)?: return Int64(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    public func string(_ key: String) -> String? {
        switch self[key] {
        case let .string(s)?: return s
        case let .integer(i)?: return String(i)
        default: return nil
        }
    }

    public mutating func set(_ key: String, _ value: Value) {
        if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = value } else { entries.append((key, value)) }
    }

    /// The object notation, which the server (C++ runtime) emits and the simulator imitates.
    /// Never with a `_type` member: the C++ decoder would read it as a parameter.
    public var json: JSONValue {
        .object(entries.map { entry in
            switch entry.value {
            case let .string(s): return (entry.key, .string(s))
            case let .integer(i): return (entry.key, .int(i))
            case let .binary(b): return (entry.key, ["binarydata": .string(WireBase64.encode(b))])
            }
        })
    }

    public static func == (lhs: OptionalParams, rhs: OptionalParams) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

import Foundation
