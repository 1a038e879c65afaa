/// A ws/wss URL split into what the handshake needs: the authority for `Host`, the request
/// target, and the http/https URL libcurl connects to (libcurl 7.88 has no ws:// support, so
/// TLS and proxies are libcurl's while the upgrade is ours).
public struct WebSocketURL: Sendable, Equatable {
    public var secure: Bool
    /// `host[:port]` without user info.
    public var authority: String
    /// Path and query, `/` when the URL has none.
    public var target: String

    public var httpURL: String { "\(secure ? "https" : "http")://\(authority)\(target)" }

    /// Accepts ws, wss, http and https URLs.
    public init(_ url: String) throws(WebSocketURLError) {
        guard let sep = url.range(of: "://") else { throw .missingScheme }
        switch url[..<sep.lowerBound].lowercased() {
        case "ws", "http": secure = false
        case "wss", "https": secure = true
        case let other: throw .unsupportedScheme(other)
        }
        let rest = url[sep.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard !authority.isEmpty else { throw .missingHost }
        self.authority = String(authority)
        var target = rest[authorityEnd...]
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        if target.first == "?" { self.target = "/" + target } else { self.target = target.isEmpty ? "/" : String(target) }
    }
}

public enum WebSocketURLError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingScheme
    case unsupportedScheme(String)
    case missingHost

    public var description: String {
        switch self {
        case .missingScheme: return "the WebSocket URL has no scheme (expected ws://, wss://, http:// or https://)"
        case let .unsupportedScheme(s): return "the WebSocket URL scheme \(s) is not supported (expected ws, wss, http or https)"
        case .missingHost: return "the WebSocket URL has no host"
        }
    }
}
