import Foundation
import Testing
import UCBridge

@Suite("APIAuthorization")
struct APIAuthorizationTests {
    static let asNobody = ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]

    @Test func anotherUserIsRefusedWith403EvenWhenTheSocketIsOpen() throws {
        let f = try APIFixture(mode: 0o666)
        let r = f.curl("/v1/health", prefix: Self.asNobody)
        #expect(r.status == 403)
        #expect(r.json?["error"]?["code"] == "forbidden")
        #expect(f.metrics.value("ucbridge_api_denied_total") == 1)
        // Root (our own uid) is allowed on the same socket.
        #expect(f.curl("/v1/presence").status == 200)
    }

    @Test func aSupplementaryGroupGrantsAccessByNumberOrName() throws {
        let byNumber = try APIFixture(mode: 0o666, allowGroups: ["54321"])
        let member = ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--groups=54321"]
        #expect(byNumber.curl("/v1/presence", prefix: member).status == 200)
        #expect(byNumber.curl("/v1/presence", prefix: Self.asNobody).status == 403)

        // "daemon" exists on every Debian system (gid 1).
        let byName = try APIFixture(mode: 0o666, allowGroups: ["daemon"])
        let daemonMember = ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--groups=daemon"]
        #expect(byName.curl("/v1/presence", prefix: daemonMember).status == 200)
    }

    @Test func anAllowedUIDGetsIn() throws {
        let f = try APIFixture(mode: 0o666, allowUIDs: [65534])
        #expect(f.curl("/v1/presence", prefix: Self.asNobody).status == 200)
    }

    @Test func theDefaultModeIs0660AndKeepsOthersFromConnecting() throws {
        let f = try APIFixture()
        var info = stat()
        #expect(stat(f.socket, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        let r = f.curl("/v1/health", prefix: Self.asNobody)
        #expect(r.exitCode == 7)  // curl: failed to connect (EACCES)
        #expect(r.status == 0)
    }

    @Test func aStaleSocketIsReplacedAndALiveOneRefused() throws {
        let f = try APIFixture()
        var config = APIConfig()
        config.socket = f.socket
        let context = APIContext(store: f.store, session: f.session, metrics: Metrics(), redeliver: { _ in nil })
        let second = try APIServer(config: config, context: context, logger: .discard)
        #expect {
            try second.start()
        } throws: { error in
            "\(error)".contains("another ucbridge is serving on \(f.socket)")
        }
        #expect(f.curl("/v1/presence").status == 200)

        // A socket file nobody listens on (a crashed daemon) is taken over.
        f.server.stop()
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in f.socket.utf8.enumerated() { raw[i] = b } }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(stale)
        #expect(bound == 0)
        try second.start()
        defer { second.stop() }
        #expect(f.curl("/v1/presence").status == 200)
    }

    @Test func aPathThatIsNotASocketIsLeftAlone() throws {
        let dir = try TempDirectory.make("ucbridge-api-file")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/api.sock"
        try "precious".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: APIServerError.notASocket(path: path)) { try APIListenSocket.bind(path: path, mode: 0o660) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }
}
