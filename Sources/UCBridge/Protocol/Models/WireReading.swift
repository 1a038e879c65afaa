import Foundation

/// Lenient member access for the protocol models (PROTOCOL.md section 3): each accessor takes
/// every spelling a member has been seen with and returns nil for absent or mistyped values,
/// so an unexpected member type degrades to "unknown" instead of failing the message.
extension JSONValue {
    func requireObject(_ type: String) throws(ModelDecodingError) {
        guard case .object = self else { throw .notAnObject(type: type) }
    }

    func requireString(_ keys: [String], type: String) throws(ModelDecodingError) -> String {
        guard let s = string(keys) else { throw .missingMember(keys[0], type: type) }
        return s
    }

    func first(_ keys: [String]) -> JSONValue? {
        for key in keys { if let v = self[key] { return v } }
        return nil
    }

    func string(_ keys: String...) -> String? { string(keys) }
    func string(_ keys: [String]) -> String? {
        switch first(keys) {
        case let .string(s)?: return s
        case let .int(i)?: return String(i)
        default: return nil
        }
    }

    func int(_ keys: String...) -> Int64? { first(keys)?.intValue }
    func bool(_ keys: String...) -> Bool? { first(keys)?.boolValue }
    func time(_ keys: String...) -> Date? { first(keys).flatMap(AsnSystemTime.date(from:)) }
    func strings(_ keys: String...) -> [String]? { first(keys)?.arrayValue?.compactMap(\.stringValue) }
    func object(_ keys: String...) -> JSONValue? {
        guard let v = first(keys), case .object = v else { return nil }
        return v
    }

    /// Elements of an array member that decode; undecodable elements are dropped, not fatal.
    func list<T>(_ keys: String..., as decode: (JSONValue) throws(ModelDecodingError) -> T) -> [T]? {
        guard let items = first(keys)?.arrayValue else { return nil }
        var out: [T] = []
        for item in items {
            if let value = try? decode(item) { out.append(value) }
        }
        return out
    }
}

/// Builds an object in the SDK spelling: mandatory members always, optional members only when
/// set (the C++ decoder reads `null` as 0/false or fails, PROTOCOL.md section 3).
struct WireObject {
    private(set) var members: [(String, JSONValue)] = []

    mutating func put(_ key: String, _ value: JSONValue) { members.append((key, value)) }
    mutating func put(_ key: String, _ value: String?, mandatory: Bool = false) {
        if let value { members.append((key, .string(value))) } else if mandatory { members.append((key, "")) }
    }
    mutating func put(_ key: String, _ value: Int64?, mandatory: Bool = false) {
        if let value { members.append((key, .int(value))) } else if mandatory { members.append((key, 0)) }
    }
    mutating func put(_ key: String, _ value: Bool?, mandatory: Bool = false) {
        if let value { members.append((key, .bool(value))) } else if mandatory { members.append((key, false)) }
    }
    /// Dates: absent mandatory dates are `""`, the server's "no time".
    mutating func put(_ key: String, _ value: Date?, mandatory: Bool = false) {
        if let value { members.append((key, .string(AsnSystemTime.string(from: value)))) } else if mandatory { members.append((key, "")) }
    }
    mutating func put(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }
    mutating func put<T>(_ key: String, _ items: [T]?, mandatory: Bool = false, _ encode: (T) -> JSONValue) {
        if let items { members.append((key, .array(items.map(encode)))) } else if mandatory { members.append((key, [])) }
    }

    var json: JSONValue { .object(members) }
}

/// The JSON a model was decoded from, kept so that sinks with `include_raw` get the server's
/// argument verbatim (unknown members included). It never takes part in equality: two models
/// with the same meaning are equal however they were spelled on the wire.
public struct WireOriginal: Sendable, Equatable {
    public var value: JSONValue?
    public init(_ value: JSONValue? = nil) { self.value = value }
    public static func == (lhs: WireOriginal, rhs: WireOriginal) -> Bool { true }
}
