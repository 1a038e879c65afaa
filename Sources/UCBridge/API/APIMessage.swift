import Foundation

/// One HTTP request as the handlers see it: method, decoded path, query arguments, the few
/// headers the API reads, and who sent it.
public struct APIRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    public var headers: [String: String]
    public var peer: PeerCredentials?
    /// The connection's socket, for the supplementary-group check (-1 when not a socket).
    public var connectionFD: Int32

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                peer: PeerCredentials? = nil, connectionFD: Int32 = -1) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.peer = peer
        self.connectionFD = connectionFD
    }

    /// Header lookup ignoring case, as HTTP requires.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.key.lowercased() == lower }?.value
    }
}

/// What a handler answers: a complete body, or a live event stream.
public enum APIResponse {
    case body(status: Int, contentType: String, bytes: [UInt8], headers: [(String, String)])
    case stream(EventStream)

    public static func json(_ value: JSONValue, status: Int = 200) -> APIResponse {
        .body(status: status, contentType: "application/json", bytes: value.jsonBytes + [0x0A], headers: [])
    }

    public static func error(_ e: APIError) -> APIResponse {
        let body: JSONValue = ["error": ["code": .string(e.code), "message": .string(e.message)]]
        var headers: [(String, String)] = []
        if !e.allow.isEmpty { headers.append(("Allow", e.allow.joined(separator: ", "))) }
        return .body(status: e.status, contentType: "application/json", bytes: body.jsonBytes + [0x0A], headers: headers)
    }
}

/// An error answer: `{"error":{"code":…,"message":…}}` with the matching status.
public struct APIError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String
    public var allow: [String] = []

    public static func badRequest(_ parameter: String, _ expectation: String) -> APIError {
        APIError(status: 400, code: "bad_request", message: "\(parameter): \(expectation)")
    }
    public static func notFound(_ message: String) -> APIError { APIError(status: 404, code: "not_found", message: message) }
    public static func methodNotAllowed(_ method: String, allow: [String]) -> APIError {
        APIError(status: 405, code: "method_not_allowed", message: "\(method) is not allowed here; use \(allow.joined(separator: " or "))", allow: allow)
    }
    public static let forbidden = APIError(status: 403, code: "forbidden", message: "this user is not allowed to use the ucbridge API (api.allow)")
    public static func unavailable(_ message: String) -> APIError { APIError(status: 503, code: "unavailable", message: message) }
    public static func internalError(_ message: String) -> APIError { APIError(status: 500, code: "internal", message: message) }
}
