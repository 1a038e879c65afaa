import Foundation

/// Who is on the other end of a Unix-socket connection, as the kernel reports it.
/// Read from the connected socket (SO_PEERCRED), so a client cannot claim to be someone else.
public struct PeerCredentials: Sendable, Equatable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// nil when `fd` is not a connected Unix socket.
    public static func of(fd: Int32) -> PeerCredentials? {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } — three 32-bit fields.
        var cred: [UInt32] = [0, 0, 0]
        var len = socklen_t(MemoryLayout<UInt32>.size * 3)
        let rc = cred.withUnsafeMutableBytes { getsockopt(fd, SOL_SOCKET, SO_PEERCRED, $0.baseAddress, &len) }
        guard rc == 0, Int(len) == MemoryLayout<UInt32>.size * 3 else { return nil }
        return PeerCredentials(pid: Int32(bitPattern: cred[0]), uid: cred[1], gid: cred[2])
    }

    /// The peer's supplementary groups at connect time (SO_PEERGROUPS, Linux 4.13+); nil when
    /// the kernel does not support it.
    public static func supplementaryGroups(fd: Int32) -> [UInt32]? {
        let soPeerGroups: Int32 = 59
        var groups = [UInt32](repeating: 0, count: 64)
        while true {
            var len = socklen_t(groups.count * MemoryLayout<UInt32>.size)
            let rc = groups.withUnsafeMutableBytes { getsockopt(fd, SOL_SOCKET, soPeerGroups, $0.baseAddress, &len) }
            if rc == 0 { return Array(groups.prefix(Int(len) / MemoryLayout<UInt32>.size)) }
            guard errno == ERANGE, groups.count < 65536 else { return nil }
            groups = [UInt32](repeating: 0, count: max(Int(len) / MemoryLayout<UInt32>.size, groups.count * 2))
        }
    }
}
