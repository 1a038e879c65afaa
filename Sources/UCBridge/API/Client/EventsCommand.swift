import Foundation

/// `ucbridge events`: a page of the outbox feed, or with `--follow` the live SSE stream.
extension ClientCommands {
    static func events(_ args: [String], _ socket: String, _ io: ClientIO) throws -> Int32 {
        let o = try ClientOptions(args, defaultSocket: socket, valued: ["--after", "--limit", "--type"], switches: ["--follow"])
        var query: [String] = []
        if let after = try o.int("--after", range: 0...Int64.max) { query.append("after=\(after)") }
        if let type = o.values["--type"] { query.append("type=" + urlEncode(type)) }
        if o.flags.contains("--follow") {
            guard o.values["--limit"] == nil else { throw ClientUsageError(message: "--limit does not apply to --follow") }
            return try follow(o, query, io)
        }
        if let limit = try o.int("--limit", range: 1...1000) { query.append("limit=\(limit)") }
        let (response, json) = try get(o.socket, "/v1/events" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
        io.out(o.json ? response.text : ClientRendering.events(json["events"]?.arrayValue ?? [], io.time, header: true))
        return 0
    }

    /// Prints each event as it arrives (a table row, or with `--json` one CloudEvent per line)
    /// until the daemon ends the stream.
    private static func follow(_ o: ClientOptions, _ query: [String], _ io: ClientIO) throws -> Int32 {
        let connection = try UnixHTTPConnection(path: o.socket, timeoutSeconds: 0)
        let head = try connection.openStream("/v1/events/stream" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
        guard head.status == 200 else {
            var body: [UInt8] = []
            while let piece = try connection.nextBodyPiece() { body += piece }
            throw ClientAPIFailure(status: head.status, message: errorMessage(try? JSONParser.parse(body), head))
        }
        var parser = ServerSentEventParser()
        var printedHeader = false
        while let piece = try connection.nextBodyPiece() {
            for event in parser.feed(piece) {
                guard let json = try? JSONParser.parse(Array(event.data.utf8)) else { continue }
                if o.json {
                    io.out(json.jsonText + "\n")
                } else {
                    io.out(ClientRendering.followedEvent(json, io.time, header: !printedHeader))
                    printedHeader = true
                }
            }
        }
        io.err("ucbridge: the daemon ended the event stream\n")
        return 0
    }
}

/// Splits a Server-Sent-Events byte stream into events (comments and `retry:` skipped).
struct ServerSentEventParser {
    struct Event: Equatable {
        var id: String?
        var type: String?
        var data: String
    }

    private var pending: [UInt8] = []

    mutating func feed(_ bytes: [UInt8]) -> [Event] {
        pending += bytes
        var events: [Event] = []
        while let end = blockEnd() {
            let block = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
            pending.removeFirst(end.upperBound)
            var event = Event(id: nil, type: nil, data: "")
            var hasData = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
                if text.hasPrefix(":") { continue }
                let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let field = String(parts[0])
                var value = parts.count > 1 ? String(parts[1]) : ""
                if value.hasPrefix(" ") { value.removeFirst() }
                switch field {
                case "id": event.id = value
                case "event": event.type = value
                case "data":
                    event.data += hasData ? "\n" + value : value
                    hasData = true
                default: break
                }
            }
            if hasData { events.append(event) }
        }
        return events
    }

    private func blockEnd() -> Range<Int>? {
        var i = 0
        while i + 1 < pending.count {
            if pending[i] == 0x0A && pending[i + 1] == 0x0A { return i..<(i + 2) }
            i += 1
        }
        return nil
    }
}
