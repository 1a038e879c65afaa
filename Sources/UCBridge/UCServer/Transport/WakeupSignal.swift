import Glibc

/// A self-pipe another thread can signal to interrupt a `poll()` on the owning thread.
/// (A pipe, not an eventfd: Swift's Glibc module does not export `eventfd`.) Owns both
/// descriptors; closes them in `deinit`.
final class WakeupSignal: @unchecked Sendable {
    /// The end to poll for POLLIN.
    let fd: Int32
    private let writeFD: Int32

    init() throws(SystemCallError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SystemCallError(call: "pipe", errno: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        fd = fds[0]
        writeFD = fds[1]
    }

    deinit {
        Glibc.close(fd)
        Glibc.close(writeFD)
    }

    /// Safe from any thread.
    func signal() {
        var one: UInt8 = 1
        // EAGAIN means the pipe is full of earlier signals: the waiter will wake anyway.
        _ = Glibc.write(writeFD, &one, 1)
    }

    /// Empties the pipe after the owner woke up.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while Glibc.read(fd, &buffer, buffer.count) > 0 {}
    }
}

/// A failed system call with its errno, for the few direct syscalls of the transport.
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    public let call: String
    public let errno: Int32
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }
    public var description: String { "\(call) failed: \(String(cString: strerror(errno)))" }
}

/// `poll()` with EINTR handled in one place. Returns the revents per descriptor.
func pollDescriptors(_ fds: [(fd: Int32, events: Int16)], timeoutMilliseconds: Int32) throws(SystemCallError) -> [Int16] {
    var pfds = fds.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
    while true {
        let rc = poll(&pfds, nfds_t(pfds.count), timeoutMilliseconds)
        if rc >= 0 { return pfds.map(\.revents) }
        if errno == EINTR { continue }
        throw SystemCallError(call: "poll", errno: errno)
    }
}
