import Foundation

/// Who may use the query API: root, the daemon's own user, the configured uids, and members
/// (primary or supplementary) of the configured groups. The socket's file mode is the first
/// gate; this is the second, checked on every request with the kernel's peer credentials.
public struct APIAccessPolicy: Sendable {
    public let ownUID: UInt32
    public let uids: Set<UInt32>
    public let gids: Set<UInt32>
    /// Configured group names that do not exist on this machine (logged once at start).
    public let unknownGroups: [String]

    public init(config: APIConfig, ownUID: UInt32 = geteuid()) {
        self.ownUID = ownUID
        uids = Set(config.allowUIDs)
        var gids = Set<UInt32>()
        var unknown: [String] = []
        for name in config.allowGroups {
            if let gid = UInt32(name) {
                gids.insert(gid)
            } else if let gid = Self.groupID(named: name) {
                gids.insert(gid)
            } else {
                unknown.append(name)
            }
        }
        self.gids = gids
        unknownGroups = unknown
    }

    /// `connectionFD` is asked for supplementary groups only when uid and primary gid do not decide.
    public func allows(_ peer: PeerCredentials, connectionFD: Int32) -> Bool {
        if peer.uid == 0 || peer.uid == ownUID || uids.contains(peer.uid) { return true }
        if gids.isEmpty { return false }
        if gids.contains(peer.gid) { return true }
        let groups = PeerCredentials.supplementaryGroups(fd: connectionFD) ?? Self.groupList(uid: peer.uid, primary: peer.gid)
        return groups.contains { gids.contains($0) }
    }

    static func groupID(named name: String) -> UInt32? {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 1024)
        while true {
            let rc = getgrnam_r(name, &group, &buffer, buffer.count, &result)
            if rc == ERANGE, buffer.count < 1 << 20 {
                buffer = [CChar](repeating: 0, count: buffer.count * 4)
                continue
            }
            guard rc == 0, let found = result else { return nil }
            return found.pointee.gr_gid
        }
    }

    /// The groups of the uid's passwd entry; the fallback when SO_PEERGROUPS is unavailable.
    static func groupList(uid: UInt32, primary: UInt32) -> [UInt32] {
        var pw = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &pw, &buffer, buffer.count, &result) == 0, let entry = result, let name = entry.pointee.pw_name else {
            return [primary]
        }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, primary, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(name, primary, &groups, &count) != -1 else { return [primary] }
        }
        return Array(groups.prefix(Int(count)))
    }
}
