import Foundation
import Testing
import UCBridge

/// systemd socket activation, end to end: `systemd-socket-activate` binds the socket and execs
/// an APIServer (the bench tool's `serve`) with LISTEN_FDS=1 / LISTEN_PID on the first connection.
@Suite("APISocketActivation")
struct APISocketActivationTests {
    static var server: String { Repo.root + "/.build/debug/ucbridge-bench-api" }

    @Test func servesOnTheSocketSystemdPasses() throws {
        let dir = try TempDirectory.make("ucbridge-api-activation")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = dir + "/activated.sock"
        let child = try StreamingChild("/usr/bin/systemd-socket-activate",
                                       ["-l", socket, Self.server, "serve", "--db", dir + "/ucbridge.db", "--contacts", "3",
                                        "--socket", dir + "/not-used.sock"], mergeStderr: true)
        defer { child.stop() }
        #expect(child.wait(seconds: 10) { $0.contains("Listening on") }, "\(child.text)")
        let r = ChildProcess.run("/usr/bin/curl", ["-s", "--max-time", "20", "--unix-socket", socket, "http://localhost/v1/presence"])
        #expect(r.status == 0)
        let contacts = try JSONParser.parse(r.stdout)["presence"]?.arrayValue
        #expect(contacts?.count == 3)
        #expect(child.wait { $0.contains("ready socket from systemd") }, "\(child.text)")
        // The configured path was not created: the passed socket is the only one.
        #expect(!FileManager.default.fileExists(atPath: dir + "/not-used.sock"))
        let one = ChildProcess.run("/usr/bin/curl", ["-s", "--unix-socket", socket, "http://localhost/v1/presence/sip%3Auser1%40example.com"])
        #expect((try? JSONParser.parse(one.stdout))?["contact"] == "sip:user1@example.com")
    }

    @Test func aPassedSocketThatIsNotAUnixStreamSocketIsAnError() throws {
        let dir = try TempDirectory.make("ucbridge-api-activation")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = 40000 + Int(getpid() % 20000)
        let child = try StreamingChild("/usr/bin/systemd-socket-activate",
                                       ["-l", "127.0.0.1:\(port)", Self.server, "serve", "--db", dir + "/ucbridge.db"], mergeStderr: true)
        defer { child.stop() }
        #expect(child.wait(seconds: 10) { $0.contains("Listening on") }, "\(child.text)")
        _ = ChildProcess.run("/usr/bin/curl", ["-s", "--max-time", "10", "http://127.0.0.1:\(port)/v1/health"])
        #expect(child.wait { $0.contains("is not a listening AF_UNIX stream socket") }, "\(child.text)")
        #expect(child.waitForExit() == 1)
    }
}
