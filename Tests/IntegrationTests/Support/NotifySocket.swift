import Foundation

/// A datagram socket standing in for systemd's NOTIFY_SOCKET, so a test can see READY=1,
/// STATUS= and STOPPING=1 exactly as systemd would.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let condition = NSCondition()
    private var messages: [String] = []

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        startReading()
    }

    /// Waits for a datagram containing `needle` (received at any time since the start);
    /// returns the whole message or nil at the deadline. Messages are read as they arrive, like
    /// systemd does, so the daemon never finds the socket full.
    func waitFor(_ needle: String, timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let m = messages.first(where: { $0.contains(needle) }) { return m }
            if !condition.wait(until: deadline) { return messages.first(where: { $0.contains(needle) }) }
        }
    }

    private func startReading() {
        let fd = self.fd
        // A receive timeout lets the reader notice that the socket went away.
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        Thread { [condition = self.condition, weak self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n < 0, errno == EINTR || errno == EAGAIN {
                    if self == nil { return }
                    continue
                }
                guard n > 0 else { return }
                let message = String(decoding: buffer[0..<n], as: UTF8.self)
                guard let self else { return }
                condition.lock()
                self.messages.append(message)
                condition.broadcast()
                condition.unlock()
            }
        }.start()
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        unlink(path)
    }
}
