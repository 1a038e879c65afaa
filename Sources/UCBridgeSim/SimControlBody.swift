import UCBridge

/// A control request the simulator refuses, with the HTTP status it answers.
public struct SimControlError: Error, CustomStringConvertible, Sendable {
    public var status: Int
    public var message: String
    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
    public var description: String { message }
}

/// Typed access to a control request's JSON body, failing with 400 and the member's name.
struct SimControlBody {
    let json: JSONValue

    func string(_ key: String) -> String? { json[key]?.stringValue }
    func int(_ key: String) -> Int64? { json[key]?.intValue }
    func bool(_ key: String) -> Bool? { json[key]?.boolValue }

    func requireString(_ key: String) throws(SimControlError) -> String {
        guard let v = string(key), !v.isEmpty else { throw SimControlError(400, "\"\(key)\" (string) is required") }
        return v
    }

    func requireInt(_ key: String) throws(SimControlError) -> Int64 {
        guard let v = int(key) else { throw SimControlError(400, "\"\(key)\" (integer) is required") }
        return v
    }
}
