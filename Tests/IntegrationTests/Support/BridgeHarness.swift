import Foundation
import Testing
import UCBridge

/// `ucbridge-sim` and `ucbridge run` as child processes, with a config written for them in a
/// temporary directory, plus the ways a test talks to both: the simulator's control API, the
/// daemon's API socket (through `curl --unix-socket`, like a user), and its event stream.
final class BridgeHarness {
    let dir: TemporaryDirectory
    let sim: LiveProcess
    let simPort: Int
    var daemon: LiveProcess?
    var notify: NotifySocket?
    let configPath: String
    var socketPath: String { dir.path("api.sock") }
    var databasePath: String { dir.path("ucbridge.db") }

    init(password: String = "demo", extraSimArguments: [String] = [], configExtra: String = "",
         contacts: [String] = ["sip:anna.berger@example.com", "sip:max.huber@example.com", "sip:lena.vogt@example.com"]) throws {
        dir = try TemporaryDirectory()
        sim = try LiveProcess(Repo.simulator, ["--listen", "127.0.0.1:0"] + extraSimArguments)
        let line = try #require(sim.waitForLine { $0.contains("listening on") }, "simulator did not start: \(sim.output)")
        let address = line.components(separatedBy: "listening on ")[1].components(separatedBy: " ")[0]
        simPort = try #require(Int(address.components(separatedBy: ":").last ?? ""))
        configPath = dir.path("ucbridge.yaml")
        let yaml = """
        server:
          url: http://127.0.0.1:\(simPort)
          username: demo
          password: "\(password)"
          keepalive_seconds: 2
          request_timeout_seconds: 5
          reconnect: { initial_seconds: 0.2, max_seconds: 1 }
        subscribe:
          presence:
            contacts: [\(contacts.map { "\"\($0)\"" }.joined(separator: ", "))]
          cti: { lines: all }
          journal: { enabled: true, catch_up_days: 7 }
        store:
          path: \(databasePath)
        api:
          socket: \(socketPath)
          allow: { uids: [], groups: [] }
        log:
          level: debug
        \(configExtra)
        """
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts `ucbridge run` with a NOTIFY_SOCKET of our own.
    @discardableResult
    func startDaemon() throws -> LiveProcess {
        let notify = try NotifySocket(path: dir.path("notify-\(UUID().uuidString.prefix(6)).sock"))
        self.notify = notify
        let d = try LiveProcess(Repo.ucbridge, ["run", "--config", configPath], environment: ["NOTIFY_SOCKET": notify.path])
        daemon = d
        return d
    }

    /// Waits for the daemon's n-th "connected to" log line (1-based).
    @discardableResult
    func waitForConnected(count: Int = 1, timeout: Double = 20) -> Bool {
        guard let d = daemon else { return false }
        var seen = 0
        return d.waitForLine(timeout: timeout) { line in
            if line.contains("] connected to ") { seen += 1 }
            return seen >= count
        } != nil
    }

    // MARK: Simulator control

    @discardableResult
    func control(_ path: String, _ body: String? = nil, method: String? = nil) throws -> JSONValue {
        var args = ["-s", "-S", "--max-time", "20"]
        if let method { args += ["-X", method] }
        if let body { args += ["-H", "Content-Type: application/json", "-d", body] }
        args.append("http://127.0.0.1:\(simPort)\(path)")
        let (status, output) = try runCommand("/usr/bin/curl", args)
        #expect(status == 0, "curl \(path) failed: \(output)")
        return (try? JSONParser.parse(output)) ?? .string(output)
    }

    // MARK: Daemon API

    /// `curl --unix-socket` against the API; returns HTTP status and the parsed body.
    func api(_ path: String, method: String = "GET") throws -> (status: Int, body: JSONValue) {
        let (_, output) = try runCommand("/usr/bin/curl", ["-s", "-S", "--max-time", "10", "-X", method, "-w", "\n%{http_code}",
                                                          "--unix-socket", socketPath, "http://localhost\(path)"])
        var lines = output.components(separatedBy: "\n")
        let code = Int(lines.removeLast()) ?? 0
        let body = lines.joined(separator: "\n")
        return (code, (try? JSONParser.parse(body)) ?? .string(body))
    }

    /// Every event in the outbox, in sequence order.
    func allEvents() throws -> [JSONValue] {
        var events: [JSONValue] = []
        var after: Int64 = 0
        while true {
            let (status, body) = try api("/v1/events?after=\(after)&limit=1000")
            guard status == 200, let page = body["events"]?.arrayValue, !page.isEmpty else { return events }
            events += page
            after = page.last?["sequence"]?.intValue ?? after
        }
    }

    /// Follows `/v1/events/stream` with curl -N; lines arrive as the daemon commits.
    func followEvents(after: Int64 = 0) throws -> LiveProcess {
        try LiveProcess("/usr/bin/curl", ["-s", "-N", "--unix-socket", socketPath, "http://localhost/v1/events/stream?after=\(after)"])
    }

    func stop() {
        if let d = daemon, d.isRunning {
            d.signal(SIGTERM)
            _ = d.waitForExit(timeout: 8)
        }
        daemon?.terminate()
        sim.signal(SIGTERM)
        _ = sim.waitForExit(timeout: 5)
        sim.terminate()
    }

    deinit { stop() }
}

extension JSONValue {
    /// `type` of a CloudEvent.
    var eventType: String? { self["type"]?.stringValue }
}
