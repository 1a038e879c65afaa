/// Why a login (UCConnect discovery or createsession) failed. Every description is a sentence
/// an administrator can act on; none contains the password, token or session id.
public enum LoginError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither `server.url` nor `server.ucconnect` is set, or a URL is unusable.
    case notConfigured(String)
    /// The UCConnect controller did not return a redirect (status nil = transport failure).
    case discoveryFailed(status: Int?, message: String)
    /// The server could not be reached at all (DNS, TCP, TLS, timeout).
    case unreachable(String)
    /// HTTP 401: the server wants HTTP authentication we did not satisfy.
    case unauthorized
    /// HTTP 400 with an `AsnLogonError`: the UCServer refused the logon.
    case rejected(detail: Int64, message: String, permanent: Bool)
    /// HTTP 502: unknown UCSID, or that UCServer is not connected to this web service.
    case serverNotConnected(String)
    /// Any other status.
    case httpStatus(Int, String)
    /// 200 without a usable session id.
    case malformedResponse(String)

    /// Errors retrying cannot fix without a config or account change (long backoff).
    public var isPermanent: Bool {
        switch self {
        case let .rejected(_, _, permanent): return permanent
        case .notConfigured, .unauthorized: return true
        default: return false
        }
    }

    /// `AsnLogonErrorEnum` values that mean "credentials or account problem" (PROTOCOL.md §1.3).
    public static let permanentLogonErrors: Set<Int64> = [101, 107, 110, 112, 129, 130]

    public var description: String {
        switch self {
        case let .notConfigured(why):
            return "the UCServer connection is not configured: \(why)"
        case let .discoveryFailed(status, message):
            let what = status.map { "answered HTTP \($0)" } ?? "could not be asked"
            return "the UCConnect controller \(what) without a redirect to a UCWeb proxy (\(message)); check server.ucconnect.controller and server.ucconnect.ucsid"
        case let .unreachable(why):
            return "the UCServer web service could not be reached (\(why)); check server.url, the network path and the TLS settings"
        case .unauthorized:
            return "the UCServer answered 401 Unauthorized; check server.username and the password or token"
        case let .rejected(detail, message, permanent):
            let hint = Self.logonHint(detail) ?? (permanent ? "fix the account or the configuration" : "ucbridge retries later")
            return "the UCServer refused the logon with error \(detail) (\(message)); \(hint)"
        case let .serverNotConnected(message):
            return "the web service answered 502: the UCServer for this UCSID is not connected to it (\(message)); check server.ucsid and that the UCServer is running"
        case let .httpStatus(code, snippet):
            let body = snippet.isEmpty ? "" : " (\(snippet))"
            return "createsession answered HTTP \(code)\(body); check that server.url points at the UCServer web service (port 7224/7225)"
        case let .malformedResponse(why):
            return "createsession succeeded but its answer is unusable (\(why)); the server may not be a UCServer web service"
        }
    }

    static func logonHint(_ detail: Int64) -> String? {
        switch detail {
        case 101: return "check server.username and the password or token"
        case 103: return "no free licence is left on the UCServer"
        case 104: return "the UCServer does not accept this client protocol version"
        case 107: return "enable the user on the UCServer"
        case 110: return "grant the user the right to log in"
        case 112: return "the UCServer does not accept web clients (clientappid 15)"
        case 114: return "use an https server.url"
        case 129: return "the account is locked after too many failed attempts; unlock it on the UCServer"
        case 130: return "the login token has expired; issue a new one"
        case 131: return "too many failed attempts; ucbridge waits and retries"
        default: return nil
        }
    }
}
