import CSystemd
import Foundation

/// The listening socket of the query API: inherited from systemd (a `ucbridge.socket` unit)
/// or created at `api.socket`.
public struct APIListenSocket: Sendable {
    public let fd: Int32
    /// The file we created and must unlink on stop; nil for a socket systemd owns.
    public let createdPath: String?

    /// The socket systemd passed (`LISTEN_FDS`/`LISTEN_PID` naming this process), or nil.
    /// A passed descriptor that is not a listening AF_UNIX stream socket is an error, not ignored:
    /// the unit file is wrong and serving somewhere else would hide it.
    public static func activated() throws(APIServerError) -> APIListenSocket? {
        let count = sd_listen_fds(0)
        guard count > 0 else { return nil }
        let fd = SD_LISTEN_FDS_START
        guard sd_is_socket(fd, AF_UNIX, Int32(SOCK_STREAM.rawValue), 1) > 0 else {
            throw .activatedSocketUnusable(fd: fd)
        }
        return APIListenSocket(fd: fd, createdPath: nil)
    }

    /// Creates, binds and listens at `path` with file mode `mode`. A leftover socket file is
    /// probed first: if someone answers, another daemon is serving and we refuse; otherwise it is stale.
    public static func bind(path: String, mode: UInt32) throws(APIServerError) -> APIListenSocket {
        guard path.utf8.count < 108 else { throw .pathTooLong(path: path) }
        try makeParentDirectory(of: path)
        try removeStaleSocket(at: path)

        let fd = unixStreamSocket()
        guard fd >= 0 else { throw .system(call: "socket", path: path, errno: errno) }
        var address = socketAddress(path)
        // Linux creates the socket file with the socket inode's mode (minus the umask): set it to
        // 0600 first, so the file is never more open than configured, without touching the
        // process-wide umask that other threads create files under.
        guard fchmod(fd, 0o600) == 0 else {
            let code = errno
            close(fd)
            throw .system(call: "fchmod", path: path, errno: code)
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        let bindErrno = errno
        guard rc == 0 else {
            close(fd)
            throw .system(call: "bind", path: path, errno: bindErrno)
        }
        guard chmod(path, mode_t(mode)) == 0 else {
            let code = errno
            close(fd)
            unlink(path)
            throw .system(call: "chmod", path: path, errno: code)
        }
        guard listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            unlink(path)
            throw .system(call: "listen", path: path, errno: code)
        }
        return APIListenSocket(fd: fd, createdPath: path)
    }

    /// A new AF_UNIX stream socket (close-on-exec), or -1 with errno set.
    static func unixStreamSocket() -> Int32 {
        socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    static func socketAddress(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        return address
    }

    private static func makeParentDirectory(of path: String) throws(APIServerError) {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return }
        var info = stat()
        if stat(parent, &info) == 0 { return }
        // Only the last component is ours to create; /run itself must exist.
        guard mkdir(parent, 0o755) == 0 || errno == EEXIST else {
            throw .system(call: "mkdir", path: parent, errno: errno)
        }
        // mkdir's mode is filtered by the umask; the directory must be traversable by clients.
        chmod(parent, 0o755)
    }

    private static func removeStaleSocket(at path: String) throws(APIServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(path: path) }
        let probe = unixStreamSocket()
        guard probe >= 0 else { throw .system(call: "socket", path: path, errno: errno) }
        defer { close(probe) }
        var address = socketAddress(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc == 0 { throw .alreadyServing(path: path) }
        guard unlink(path) == 0 || errno == ENOENT else { throw .system(call: "unlink", path: path, errno: errno) }
    }
}
