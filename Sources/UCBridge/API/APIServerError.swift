import Foundation

/// Why the query API could not start. Descriptions name the socket and the failing call.
public enum APIServerError: Error, Equatable, CustomStringConvertible, Sendable {
    case alreadyServing(path: String)
    case notASocket(path: String)
    case pathTooLong(path: String)
    case system(call: String, path: String, errno: Int32)
    case activatedSocketUnusable(fd: Int32)
    case daemonStartFailed(path: String)

    public var description: String {
        switch self {
        case let .alreadyServing(path):
            return "another ucbridge is serving on \(path) (stop it, or set api.socket to another path)"
        case let .notASocket(path):
            return "\(path) exists and is not a socket; refusing to replace it"
        case let .pathTooLong(path):
            return "api.socket \(path) is longer than a Unix socket path may be (107 bytes)"
        case let .system(call, path, code):
            return "\(call) \(path): \(String(cString: strerror(code)))"
        case let .activatedSocketUnusable(fd):
            return "the socket passed by systemd (fd \(fd)) is not a listening AF_UNIX stream socket"
        case let .daemonStartFailed(path):
            return "could not start the HTTP server on \(path)"
        }
    }
}
