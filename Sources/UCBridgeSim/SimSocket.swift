import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, named with its errno text.
public struct SimSocketError: Error, CustomStringConvertible, Sendable {
    public var call: String
    public var errno: Int32
    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

/// One TCP socket descriptor. Reads and writes block; another thread may `shutdown()` it to
/// wake a blocked reader or writer, but only the owning thread closes it (no fd reuse races).
final class SimSocket: @unchecked Sendable {
    let fd: Int32
    private let lock = NSLock()
    private var closed = false

    init(fd: Int32) { self.fd = fd }

    deinit { close() }

    /// A listening IPv4 socket; port 0 asks the kernel for an ephemeral port.
    static func listen(host: String, port: UInt16) throws(SimSocketError) -> SimSocket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SimSocketError(call: "socket", errno: errno) }
        let sock = SimSocket(fd: fd)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &addr.sin_addr) == 1 else {
            throw SimSocketError(call: "inet_pton(\(host))", errno: EINVAL)
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw SimSocketError(call: "bind(\(host):\(port))", errno: errno) }
        guard Glibc.listen(fd, 128) == 0 else { throw SimSocketError(call: "listen", errno: errno) }
        return sock
    }

    /// A client connection (used by tests and tools talking to the simulator).
    static func connect(host: String, port: UInt16) throws(SimSocketError) -> SimSocket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SimSocketError(call: "socket", errno: errno) }
        let sock = SimSocket(fd: fd)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &addr.sin_addr) == 1 else {
            throw SimSocketError(call: "inet_pton(\(host))", errno: EINVAL)
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw SimSocketError(call: "connect(\(host):\(port))", errno: errno) }
        return sock
    }

    var localPort: UInt16 {
        var addr = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return UInt16(bigEndian: addr.sin_port)
    }

    /// Waits for a connection or for `wakeFD` to become readable (stop). nil = woken or failed.
    func accept(wakeFD: Int32) -> SimSocket? {
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, -1)
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if fds[1].revents != 0 { return nil }
            let client = Glibc.accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EAGAIN { continue }
                return nil
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return SimSocket(fd: client)
        }
    }

    /// Up to `max` bytes; empty = end of stream or error.
    func read(max: Int = 65536) -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: max)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return [] }
            return Array(buf[0..<n])
        }
    }

    /// Writes everything, blocking while the peer's window is full (back-pressure). false = broken.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Ends both directions without closing the descriptor; wakes a thread blocked in read/write.
    func shutdown() {
        lock.withLock {
            if !closed { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Aborts with a TCP reset instead of an orderly FIN: linger 0 makes the owner's `close()`
    /// send RST, and shutting down only the read side wakes the owner without sending a FIN.
    func abort() {
        lock.withLock {
            guard !closed else { return }
            var lin = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, socklen_t(MemoryLayout<linger>.size))
            _ = Glibc.shutdown(fd, Int32(SHUT_RD))
        }
    }

    func close() {
        lock.withLock {
            if !closed {
                closed = true
                _ = Glibc.close(fd)
            }
        }
    }
}
