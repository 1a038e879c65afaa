import Foundation

/// The HTTP part of connecting (PROTOCOL.md §1.2–1.4): optional UCConnect discovery, then
/// `createsession`, then the WebSocket URL for the session. Blocking; run it on the session
/// thread.
public struct UCServerLogin: Sendable {
    public let config: ServerConfig

    public init(config: ServerConfig) {
        self.config = config
    }

    /// The base URL for createsession and the WebSocket: `server.url`, or what the UCConnect
    /// controller redirects to.
    public func resolveBaseURL() throws(LoginError) -> String {
        if let url = config.url, !url.isEmpty { return Self.trimmedBase(url) }
        guard let ucconnect = config.ucconnect else {
            throw .notConfigured("set server.url or server.ucconnect")
        }
        return try discover(controller: ucconnect.controller, ucsid: ucconnect.ucsid)
    }

    /// `GET {controller}/controller/client/ucws?ucsid=…` → `{"redirect": url}`.
    public func discover(controller: String, ucsid: String) throws(LoginError) -> String {
        let url = "\(Self.trimmedBase(controller))/controller/client/ucws?ucsid=\(Self.queryEscaped(ucsid))"
        let response: HTTPResponse
        do {
            response = try HTTPClient.request(method: "GET", url: url, timeout: config.requestTimeoutSeconds, tls: config.tls)
        } catch {
            throw .discoveryFailed(status: nil, message: error.description)
        }
        return try Self.parseDiscovery(response)
    }

    /// Creates a user session and returns its id.
    public func createSession(baseURL: String) throws(LoginError) -> String {
        let request = CreateSessionRequest(config: config, baseURL: baseURL)
        let response: HTTPResponse
        do {
            response = try HTTPClient.request(
                method: "POST", url: request.url, headers: request.headers, body: request.body,
                timeout: config.requestTimeoutSeconds, tls: config.tls)
        } catch {
            throw .unreachable(error.description)
        }
        return try Self.parseCreateSession(response)
    }

    /// `http(s)://host/base` → `ws(s)://host/base/ws/client/websocket?x-ucsessionid=…`;
    /// `trailingSlash` gives the `…/websocket/?…` form for servers that answer 404 otherwise.
    public static func webSocketURL(baseURL: String, sessionID: String, trailingSlash: Bool = false) -> String {
        var base = trimmedBase(baseURL)
        if base.lowercased().hasPrefix("https://") {
            base = "wss://" + base.dropFirst(8)
        } else if base.lowercased().hasPrefix("http://") {
            base = "ws://" + base.dropFirst(7)
        }
        return "\(base)/ws/client/websocket\(trailingSlash ? "/" : "")?x-ucsessionid=\(queryEscaped(sessionID))"
    }

    // MARK: pure response parsing

    static func parseDiscovery(_ response: HTTPResponse) throws(LoginError) -> String {
        guard response.status == 200 else {
            throw .discoveryFailed(status: response.status, message: snippet(response.bodyText))
        }
        guard let json = try? JSONParser.parse(response.body), let redirect = json["redirect"]?.stringValue, !redirect.isEmpty else {
            throw .discoveryFailed(status: 200, message: "no redirect in the answer: \(snippet(response.bodyText))")
        }
        return trimmedBase(redirect)
    }

    static func parseCreateSession(_ response: HTTPResponse) throws(LoginError) -> String {
        let json = try? JSONParser.parse(response.body)
        switch response.status {
        case 200:
            guard let json else { throw .malformedResponse("the body is not JSON: \(snippet(response.bodyText))") }
            guard let id = (json["sessionid"] ?? json["sessionID"])?.stringValue, !id.isEmpty else {
                throw .malformedResponse("no sessionid member")
            }
            return id
        case 400:
            guard let error = json?["error"], let detail = error["iErrorDetail"]?.intValue else {
                throw .httpStatus(400, snippet(response.bodyText))
            }
            let message = (error["u8sErrorString"] ?? error["u8sErrorMessage"])?.stringValue ?? ""
            throw .rejected(detail: detail, message: message, permanent: LoginError.permanentLogonErrors.contains(detail))
        case 401:
            throw .unauthorized
        case 502:
            let error = json?["error"]
            let message = [error?["u8sErrorString"]?.stringValue, error?["details"]?.stringValue]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            throw .serverNotConnected(message.isEmpty ? snippet(response.bodyText) : message)
        default:
            throw .httpStatus(response.status, snippet(response.bodyText))
        }
    }

    // MARK: helpers

    static func trimmedBase(_ url: String) -> String {
        var s = url
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }

    static func queryEscaped(_ s: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// The start of a body for an error message, on one line.
    static func snippet(_ text: String, limit: Int = 200) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces() }.joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}

/// The createsession request (PROTOCOL.md §1.3, seed variant): POST with the negotiate body,
/// Basic auth or a login token.
public struct CreateSessionRequest: Sendable {
    public let url: String
    /// Includes `Authorization` or `x-uctoken`: never log these.
    public let headers: [(String, String)]
    public let body: [UInt8]

    public init(config: ServerConfig, baseURL: String) {
        url = "\(UCServerLogin.trimmedBase(baseURL))/ws/client/createsession?clientappid=15"
        var headers: [(String, String)] = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("X-ucsid", Self.ucsid(config)),
            ("X-no401", "1"),
            ("X-simple", "1"),
        ]
        if let token = config.token {
            headers.append(("x-uctoken", token.value))
        } else {
            let credentials = "\(config.username):\(config.password?.value ?? "")"
            headers.append(("Authorization", "Basic " + Data(credentials.utf8).base64EncodedString()))
        }
        self.headers = headers
        body = JSONValue.object([("negotiate", .object([("iClientProtocolVersion", .int(70))]))]).jsonBytes
    }

    /// Through UCConnect the target server is the UCSID given to the controller; directly it
    /// is `server.ucsid` (`local` by default).
    static func ucsid(_ config: ServerConfig) -> String {
        if config.url?.isEmpty ?? true, let u = config.ucconnect, !u.ucsid.isEmpty { return u.ucsid }
        return config.ucsid
    }
}
