import CCurl

/// A libcurl failure with the URL it concerned. The URL is stored redacted, so neither the
/// description nor a debugger dump can show a password, token or session id.
public struct CurlError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int
    public let message: String
    public let url: String

    public init(code: Int, message: String, url: String) {
        self.code = code
        self.message = message
        self.url = URLRedaction.redact(url)
    }

    init(_ code: CURLcode, detail: String = "", url: String) {
        let text = String(cString: curl_easy_strerror(code))
        self.init(code: Int(code.rawValue), message: detail.isEmpty ? text : "\(text): \(detail)", url: url)
    }

    public var description: String { "\(url): \(message) (curl error \(code))" }
}

/// Removes secrets from URLs before they reach errors and logs.
public enum URLRedaction {
    /// Query parameters whose values are credentials (PROTOCOL.md §1.3 and §1.4).
    static let secretParameters: Set<String> = ["pass", "password", "token", "x-uctoken", "x-ucsessionid", "sessionid"]

    /// `https://user:pw@host/p?token=t&a=1` → `https://user:***@host/p?token=***&a=1`.
    public static func redact(_ url: String) -> String {
        var result = url
        if let schemeEnd = result.range(of: "://") {
            let authorityStart = schemeEnd.upperBound
            let authorityEnd = result[authorityStart...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? result.endIndex
            let authority = result[authorityStart..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                let user = userinfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                let safe = userinfo.contains(":") ? "\(user):***" : user
                result.replaceSubrange(authorityStart..<at, with: safe)
            }
        }
        guard let q = result.firstIndex(of: "?") else { return result }
        let fragmentStart = result[q...].firstIndex(of: "#") ?? result.endIndex
        let query = result[result.index(after: q)..<fragmentStart]
        let redacted = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, secretParameters.contains(parts[0].lowercased()) else { return String(pair) }
            return "\(parts[0])=***"
        }.joined(separator: "&")
        result.replaceSubrange(result.index(after: q)..<fragmentStart, with: redacted)
        return result
    }
}
