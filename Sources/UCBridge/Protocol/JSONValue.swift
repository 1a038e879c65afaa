/// A JSON document as it travels on the wire.
///
/// ROSE messages, canonical events and API answers all pass through this one type, so that
/// untrusted bytes are parsed by exactly one parser (`JSONParser`, fuzzed) and every
/// document ucbridge emits is written by exactly one serializer. Objects keep their member
/// order: what we emit reads the way the contract lists it.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            // Member order is presentation, not meaning.
            for (key, value) in a {
                guard let other = b.first(where: { $0.0 == key }), other.1 == value else { return false }
            }
            return true
        default: return false
        }
    }
}

// MARK: - Reading

extension JSONValue {
    /// The member `key` of an object; nil for other kinds or when absent.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        for (k, v) in members where k == key { return v }
        return nil
    }

    /// The first member present among `keys`; used where the seed and the SDK spell a field differently.
    public func member(_ keys: String...) -> JSONValue? {
        for key in keys { if let v = self[key] { return v } }
        return nil
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// Integers leniently: the C++ runtime accepts numeric strings, and optionalParams values are
    /// documented as string in one place and integer in another.
    public var intValue: Int64? {
        switch self {
        case let .int(i): return i
        case let .double(d) where d.rounded() == d && abs(d) < 9.2e18: return Int64(d)
        case let .string(s): return Int64(s.trimmingCharacters(in: .whitespaces))
        case let .bool(b): return b ? 1 : 0
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        case let .string(s): return Double(s)
        default: return nil
        }
    }

    /// Booleans leniently: the C++ decoder accepts 0/1 for BOOLEAN.
    public var boolValue: Bool? {
        switch self {
        case let .bool(b): return b
        case let .int(i): return i != 0
        case let .double(d): return d != 0
        case let .string(s): return s == "true" || s == "1"
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(a) = self { return a }
        return nil
    }

    public var objectValue: [(String, JSONValue)]? {
        if case let .object(o) = self { return o }
        return nil
    }
}

// MARK: - Building

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }

    /// `.string(s)` or `.null` — for the contract's "null where unknown".
    public static func string(orNull s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func int(orNull i: Int64?) -> JSONValue { i.map { .int($0) } ?? .null }
    public static func bool(orNull b: Bool?) -> JSONValue { b.map { .bool($0) } ?? .null }

    /// Sets or replaces a member of an object (appends when absent); no-op for other kinds.
    public mutating func set(_ key: String, _ value: JSONValue) {
        guard case var .object(members) = self else { return }
        if let i = members.firstIndex(where: { $0.0 == key }) {
            members[i].1 = value
        } else {
            members.append((key, value))
        }
        self = .object(members)
    }
}

import Foundation
