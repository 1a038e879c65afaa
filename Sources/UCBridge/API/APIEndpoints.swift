import Foundation

/// The handlers of the query API (ARCHITECTURE.md §6) and their route table. Reads go through
/// the reader pool; the only write is a redelivery, which the delivery service performs.
final class APIEndpoints: @unchecked Sendable {
    let context: APIContext
    let readers: StoreReaderPool
    let streams: EventStreamHub
    let logger: Logger

    init(context: APIContext, readers: StoreReaderPool, streams: EventStreamHub, logger: Logger) {
        self.context = context
        self.readers = readers
        self.streams = streams
        self.logger = logger
    }

    var routes: [APIRoute] {
        [
            APIRoute("/metrics") { _, _ throws(APIError) in self.metrics() },
            APIRoute("/v1/calls") { _, _ throws(APIError) in try self.calls() },
            APIRoute("/v1/calls/{connection_id}") { _, p throws(APIError) in try self.call(p["connection_id"] ?? "") },
            APIRoute("/v1/dead-letters") { r, _ throws(APIError) in try self.deadLetters(r) },
            APIRoute("/v1/dead-letters/{id}/redeliver", methods: ["POST"]) { _, p throws(APIError) in try self.redeliver(p["id"] ?? "") },
            APIRoute("/v1/events") { r, _ throws(APIError) in try self.events(r) },
            APIRoute("/v1/events/stream") { r, _ throws(APIError) in try self.stream(r) },
            APIRoute("/v1/health") { _, _ throws(APIError) in self.health() },
            APIRoute("/v1/journal") { r, _ throws(APIError) in try self.journal(r) },
            APIRoute("/v1/presence") { _, _ throws(APIError) in try self.presence() },
            APIRoute("/v1/presence/{contact}") { _, p throws(APIError) in try self.presence(contact: p["contact"] ?? "") },
            APIRoute("/v1/sinks") { _, _ throws(APIError) in self.sinks() },
        ]
    }

    /// Runs a read on a pooled reader; a store failure becomes a 503 that says so.
    func read<T>(_ body: (StoreReader) throws -> T) throws(APIError) -> T {
        do {
            return try readers.withReader(body)
        } catch {
            logger.warning("API read failed", ["error": "\(error)"])
            throw .unavailable("the store cannot be read: \(error)")
        }
    }

    // MARK: current state

    func presence() throws(APIError) -> APIResponse {
        .json(["presence": .array(try read { try $0.allPresence() })])
    }

    func presence(contact: String) throws(APIError) -> APIResponse {
        guard let data = try read({ try $0.presence(contact: contact) }) else {
            throw .notFound("no presence known for contact \(contact)")
        }
        return .json(data)
    }

    func calls() throws(APIError) -> APIResponse {
        .json(["calls": .array(try read { try $0.activeCalls() })])
    }

    func call(_ connectionID: String) throws(APIError) -> APIResponse {
        guard let data = try read({ try $0.call(connectionID: connectionID) }) else {
            throw .notFound("no active or recently ended call \(connectionID)")
        }
        return .json(data)
    }

    func journal(_ request: APIRequest) throws(APIError) -> APIResponse {
        let query = QueryParameters(request)
        let since = try query.date("since")
        let limit = try query.int("limit", default: 100, range: 1...1000)
        return .json(["journal": .array(try read { try $0.journal(since: since, limit: limit) })])
    }

    // MARK: outbox feed

    func events(_ request: APIRequest) throws(APIError) -> APIResponse {
        let query = QueryParameters(request)
        let after = try query.sequence("after") ?? 0
        let limit = try query.int("limit", default: 100, range: 1...1000)
        let globs = try query.globs("type")
        let (latest, events) = try read { reader in
            // The latest sequence is read first: every event up to it is visible to the next query.
            (try reader.latestSequence(), try reader.events(after: after, limit: limit, typeGlobs: globs))
        }
        var next = events.last?.sequence ?? after
        // Fewer than asked: nothing else up to `latest` matches, so a filtered poll need not rescan it.
        if events.count < limit { next = max(next, latest) }
        var body: [UInt8] = Array(#"{"events":["#.utf8)
        for (i, event) in events.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body += event.body
        }
        body += Array(#"],"next_after":\#(next)}"#.utf8) + [0x0A]
        return .body(status: 200, contentType: "application/json", bytes: body, headers: [])
    }

    func stream(_ request: APIRequest) throws(APIError) -> APIResponse {
        let query = QueryParameters(request)
        let globs = try query.globs("type")
        var after = try query.sequence("after")
        if let lastID = request.header("Last-Event-ID"), !lastID.isEmpty {
            after = try QueryParameters.sequence(lastID, name: "Last-Event-ID")
        }
        let reader: StoreReader
        do {
            reader = try context.store.makeReader()
        } catch {
            throw APIError.unavailable("the store cannot be read: \(error)")
        }
        // Without a position the stream starts at the newest event: `tail -f`, not a replay.
        let start = after ?? streams.latestCommitted
        guard let stream = streams.open(reader: reader, after: start, typeGlobs: globs) else {
            throw .unavailable("too many event streams are open (\(streams.limit)); try again later")
        }
        return .stream(stream)
    }

    // MARK: delivery

    func sinks() -> APIResponse {
        .json(["sinks": .array(context.sinks().map(\.apiJSON))])
    }

    func deadLetters(_ request: APIRequest) throws(APIError) -> APIResponse {
        let sink = QueryParameters(request).string("sink")
        let letters = try read { try $0.deadLetters(sink: sink) }
        return .json(["dead_letters": .array(letters.map(\.apiJSON))])
    }

    func redeliver(_ idText: String) throws(APIError) -> APIResponse {
        guard let id = Int64(idText), id > 0 else { throw .badRequest("id", "expected a dead letter id (a positive integer)") }
        let letter: DeadLetter?
        do {
            letter = try context.redeliver(id)
        } catch {
            throw .unavailable("could not queue dead letter \(id) again: \(error)")
        }
        guard let letter else { throw .notFound("no dead letter with id \(id)") }
        logger.info("dead letter queued for redelivery", ["id": String(id), "sink": letter.sink])
        return .json(letter.apiJSON, status: 202)
    }

    // MARK: operations

    func metrics() -> APIResponse {
        .body(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
              bytes: Array(context.metrics.renderPrometheus().utf8), headers: [])
    }
}

extension DeadLetter {
    /// The API's view of a dead letter.
    var apiJSON: JSONValue {
        [
            "id": .int(id), "sink": .string(sink), "sequence": .int(sequence), "event_id": .string(eventID),
            "type": .string(type), "subject": .string(orNull: subject), "attempts": .int(Int64(attempts)),
            "last_status": .int(orNull: lastStatus.map(Int64.init)), "last_error": .string(lastError),
            "first_attempt_at": .string(RFC3339.format(firstAttemptAt)), "dead_at": .string(RFC3339.format(deadAt)),
            "state": .string(state),
        ]
    }
}

extension SinkStatus {
    /// The API's view of a sink; the URL carries no credentials (the delivery service strips them).
    var apiJSON: JSONValue {
        [
            "name": .string(name), "url": .string(url), "cursor": .int(cursor), "pending": .int(Int64(pending)),
            "in_flight": .int(Int64(inFlight)), "failed_attempts": .int(Int64(failedAttempts)),
            "dead_lettered": .int(Int64(deadLettered)), "last_error": .string(orNull: lastError),
            "disabled_reason": .string(orNull: disabledReason), "lag_seconds": .double(lagSeconds),
        ]
    }
}
