import Foundation

/// Where a client command writes, and the clock it describes times with.
public struct ClientIO: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    public var time: HumanTime

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, time: HumanTime = HumanTime()) {
        self.out = out
        self.err = err
        self.time = time
    }
}

/// An error answer from the API (`{"error":{…}}`).
struct ClientAPIFailure: Error {
    var status: Int
    var message: String
}

/// The CLI clients of the query API: `ucbridge status | presence | calls | journal | events |
/// sinks | dead-letters | redeliver`. Exit status: 0 ok, 1 not found (or another API error),
/// 2 usage, 3 daemon unreachable.
public enum ClientCommands {
    public static let names = ["status", "presence", "calls", "journal", "events", "sinks", "dead-letters", "redeliver"]

    public static func isClientCommand(_ name: String) -> Bool { names.contains(name) }

    public static func run(_ name: String, _ args: [String], defaultSocket: String, io: ClientIO) -> Int32 {
        guard isClientCommand(name) else {
            io.err("ucbridge: unknown command \(name)\n")
            return 2
        }
        if args.contains("--help") || args.contains("-h") {
            io.out(ClientHelp.text(name) ?? "")
            return 0
        }
        do {
            switch name {
            case "status": return try status(args, defaultSocket, io)
            case "presence": return try presence(args, defaultSocket, io)
            case "calls": return try calls(args, defaultSocket, io)
            case "journal": return try journal(args, defaultSocket, io)
            case "events": return try events(args, defaultSocket, io)
            case "sinks": return try sinks(args, defaultSocket, io)
            case "dead-letters": return try deadLetters(args, defaultSocket, io)
            default: return try redeliver(args, defaultSocket, io)
            }
        } catch let e as ClientUsageError {
            io.err("ucbridge \(name): \(e.message)\nusage: \(ClientHelp.usage(name))\nTry 'ucbridge help \(name)'.\n")
            return 2
        } catch let e as APIClientError {
            io.err("ucbridge: cannot reach the daemon at \(e.socket): \(e.reason) (is ucbridge running? --socket PATH)\n")
            return 3
        } catch let e as ClientAPIFailure {
            io.err("ucbridge: \(e.message)\n")
            return e.status == 400 ? 2 : 1
        } catch {
            io.err("ucbridge: \(error)\n")
            return 1
        }
    }

    // MARK: commands

    static func status(_ args: [String], _ socket: String, _ io: ClientIO) throws -> Int32 {
        let o = try ClientOptions(args, defaultSocket: socket)
        // 503 is an answer here: the health report says why.
        let (response, json) = try get(o.socket, "/v1/health", accept: [200, 503])
        io.out(o.json ? response.text : ClientRendering.status(json, io.time))
        return 0
    }

    static func presence(_ args: [String], _ socket: String, _ io: ClientIO) throws -> Int32 {
        let o = try ClientOptions(args, defaultSocket: socket, maxPositional: 1)
        if let contact = o.positional.first {
            let (response, json) = try get(o.socket, "/v1/presence/" + urlEncode(contact))
            io.out(o.json ? response.text : ClientRendering.presenceDetail(json, io.time))
        } else {
            let (response, json) = try get(o.socket, "/v1/presence")
            io.out(o.json ? response.text : ClientRendering.presence(json))
        }
        return 0
    }

    static func calls(_ args: [String], _ socket: String, _ io: ClientIO) throws -> Int32 {
        let o = try ClientOptions(args, defaultSocket: socket)
        let (response, json) = try get(o.socket, "/v1/calls")
        io.out(o.json ? response.text : ClientRendering.calls(json, io.time))
        return 0
    }

    static func journal(_ args: [String], _ socket: String, _ io: ClientIO) throws -> Int32 {
        let o = try ClientOptions(args, defaultSocket: socket, valued: ["--since", "--limit"])
        var query: [String] = []
        if let since = o.values["--since"] {
            guard RFC3339.parse(since) != nil else {
                throw ClientUsageError(message: "--since: expected an RFC 3339 time such as 2026-12-03T10:15:30Z, got \(since)")
            }
            query.append("since=" + urlEncode(since))
        }
        if let limit = try o.int("--limit", range: 1...1000) { query.append("limit=\(limit)") }
        let (response, json) = try get(o.socket, "/v1/journal" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
        io.out(o.json ? response.text : ClientRendering.journal(json, io.time))
        return 0
    }

    static func sinks(_ args: [String], _ socket: String, _ io: ClientIO) throws -> Int32 {
        let o = try ClientOptions(args, defaultSocket: socket)
        let (response, json) = try get(o.socket, "/v1/sinks")
        io.out(o.json ? response.text : ClientRendering.sinks(json))
        return 0
    }

    static func deadLetters(_ args: [String], _ socket: String, _ io: ClientIO) throws -> Int32 {
        let o = try ClientOptions(args, defaultSocket: socket, valued: ["--sink"])
        let target = "/v1/dead-letters" + (o.values["--sink"].map { "?sink=" + urlEncode($0) } ?? "")
        let (response, json) = try get(o.socket, target)
        io.out(o.json ? response.text : ClientRendering.deadLetters(json, io.time))
        return 0
    }

    static func redeliver(_ args: [String], _ socket: String, _ io: ClientIO) throws -> Int32 {
        let o = try ClientOptions(args, defaultSocket: socket, maxPositional: Int.max)
        guard !o.positional.isEmpty else { throw ClientUsageError(message: "which dead letter? give one or more IDs") }
        let ids = try o.positional.map { text throws(ClientUsageError) -> Int64 in
            guard let id = Int64(text), id > 0 else { throw ClientUsageError(message: "\(text) is not a dead letter ID") }
            return id
        }
        let connection = try UnixHTTPConnection(path: o.socket)
        var status: Int32 = 0
        for id in ids {
            let response = try connection.request("POST", "/v1/dead-letters/\(id)/redeliver")
            let json = try? JSONParser.parse(response.body)
            guard response.status == 200 || response.status == 202 else {
                io.err("ucbridge: \(errorMessage(json, response))\n")
                status = 1
                continue
            }
            io.out(o.json ? response.text : "dead letter \(id) queued for redelivery to \(json?["sink"].cell ?? "-") "
                   + "(\(json?["type"].cell ?? "-"), sequence \(json?["sequence"].cell ?? "-"))\n")
        }
        return status
    }

    // MARK: HTTP

    static func get(_ socket: String, _ target: String, accept: Set<Int> = [200]) throws -> (APIClientResponse, JSONValue) {
        let response = try UnixHTTPConnection(path: socket).request("GET", target)
        let json = try? JSONParser.parse(response.body)
        guard accept.contains(response.status), let json else {
            throw ClientAPIFailure(status: response.status, message: errorMessage(json, response))
        }
        return (response, json)
    }

    static func errorMessage(_ json: JSONValue?, _ response: APIClientResponse) -> String {
        json?["error"]?["message"]?.stringValue ?? "the daemon answered HTTP \(response.status)"
    }
}
