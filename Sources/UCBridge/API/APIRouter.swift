import Foundation

/// One entry of the route table: a path pattern (`{name}` matches one segment; a trailing
/// `{name}` takes the rest, so a contact ID may contain an encoded `/`), its methods and handler.
public struct APIRoute: Sendable {
    public typealias Handler = @Sendable (APIRequest, [String: String]) throws(APIError) -> APIResponse
    public let pattern: String
    public let methods: [String]
    public let handle: Handler

    public init(_ pattern: String, methods: [String] = ["GET"], _ handle: @escaping Handler) {
        self.pattern = pattern
        self.methods = methods
        self.handle = handle
    }

    /// The path parameters when `path` matches, else nil.
    func match(_ path: String) -> [String: String]? {
        let want = pattern.split(separator: "/", omittingEmptySubsequences: false)
        let have = path.split(separator: "/", omittingEmptySubsequences: false)
        var params: [String: String] = [:]
        for (i, segment) in want.enumerated() {
            guard i < have.count else { return nil }
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                let name = String(segment.dropFirst().dropLast())
                let value = i == want.count - 1 ? have[i...].joined(separator: "/") : String(have[i])
                guard !value.isEmpty else { return nil }
                params[name] = value
                if i == want.count - 1 { return params }
            } else if segment != have[i] {
                return nil
            }
        }
        return want.count == have.count ? params : nil
    }
}

/// A sorted route table behind one guard (peer credentials); each route then checks its own
/// method (405 with `Allow`), and anything unmatched is a JSON 404.
public struct APIRouter: Sendable {
    public let routes: [APIRoute]
    private let guardRequest: @Sendable (APIRequest) -> APIError?

    public init(routes: [APIRoute], guard guardRequest: @escaping @Sendable (APIRequest) -> APIError? = { _ in nil }) {
        // Literal segments sort before `{…}` ('{' > letters), so /v1/events/stream wins over a parameter.
        self.routes = routes.sorted { $0.pattern < $1.pattern }
        self.guardRequest = guardRequest
    }

    public func handle(_ request: APIRequest) -> APIResponse {
        if let denied = guardRequest(request) { return .error(denied) }
        for route in routes {
            guard let params = route.match(request.path) else { continue }
            let method = request.method == "HEAD" ? "GET" : request.method
            guard route.methods.contains(method) else {
                return .error(.methodNotAllowed(request.method, allow: route.methods))
            }
            do {
                return try route.handle(request, params)
            } catch {
                return .error(error)
            }
        }
        return .error(.notFound("no such endpoint: \(request.method) \(request.path) (see GET /v1/health, /v1/presence, /v1/calls, /v1/journal, /v1/events, /v1/sinks, /v1/dead-letters, /metrics)"))
    }
}
