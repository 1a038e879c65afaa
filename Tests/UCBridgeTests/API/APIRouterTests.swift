import Foundation
import Testing
@testable import UCBridge

@Suite("APIRouter")
struct APIRouterTests {
    static func router(guard deny: Bool = false) -> APIRouter {
        APIRouter(routes: [
            APIRoute("/v1/presence/{contact}") { _, p throws(APIError) in .json(.string(p["contact"] ?? "")) },
            APIRoute("/v1/events/stream") { _, _ throws(APIError) in .json("stream") },
            APIRoute("/v1/dead-letters/{id}/redeliver", methods: ["POST"]) { _, p throws(APIError) in .json(.string(p["id"] ?? "")) },
        ], guard: { _ in deny ? .forbidden : nil })
    }

    static func answer(_ r: APIResponse) -> (Int, String, [(String, String)]) {
        guard case let .body(status, _, bytes, headers) = r else { return (0, "", []) }
        return (status, String(decoding: bytes, as: UTF8.self), headers)
    }

    @Test func aTrailingParameterTakesTheRestOfThePath() {
        let (status, body, _) = Self.answer(Self.router().handle(APIRequest(method: "GET", path: "/v1/presence/sip:a/b@example.com")))
        #expect(status == 200)
        #expect(body == "\"sip:a/b@example.com\"\n")
    }

    @Test func aMiddleParameterIsOneSegment() {
        let (status, body, _) = Self.answer(Self.router().handle(APIRequest(method: "POST", path: "/v1/dead-letters/42/redeliver")))
        #expect(status == 200)
        #expect(body == "\"42\"\n")
        #expect(Self.answer(Self.router().handle(APIRequest(method: "POST", path: "/v1/dead-letters/4/2/redeliver"))).0 == 404)
    }

    @Test func wrongMethodIs405WithAllowAndTheGuardComesFirst() {
        let (status, _, headers) = Self.answer(Self.router().handle(APIRequest(method: "DELETE", path: "/v1/events/stream")))
        #expect(status == 405)
        #expect(headers.first { $0.0 == "Allow" }?.1 == "GET")
        #expect(Self.answer(Self.router(guard: true).handle(APIRequest(method: "GET", path: "/nope"))).0 == 403)
    }

    @Test func emptyParameterDoesNotMatch() {
        #expect(Self.answer(Self.router().handle(APIRequest(method: "GET", path: "/v1/presence/"))).0 == 404)
    }
}

@Suite("ServerSentEventParser")
struct ServerSentEventParserTests {
    @Test func splitsEventsAcrossPiecesAndSkipsComments() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("retry: 2000\n: hello\n\nid: 7\nevent: ucbridge.call.started\nda".utf8)).isEmpty)
        let events = parser.feed(Array("ta: {\"a\":1}\n\n: heartbeat\n\nid: 8\ndata: x\ndata: y\n\n".utf8))
        #expect(events == [
            .init(id: "7", type: "ucbridge.call.started", data: "{\"a\":1}"),
            .init(id: "8", type: nil, data: "x\ny"),
        ])
    }
}

@Suite("HealthReport")
struct HealthReportTests {
    func report(_ phase: SessionState.Phase, permanent: Bool = false, storeError: String? = nil, sinks: [SinkStatus] = []) -> HealthReport.Status {
        var s = SessionState()
        s.phase = phase
        s.lastErrorIsPermanent = permanent
        return HealthReport(session: s, storeError: storeError, outboxEvents: 0, lastSequence: 0, sinks: sinks).status
    }

    @Test func statusFollowsSessionStoreAndSinks() {
        #expect(report(.connected) == .ok)
        #expect(report(.connecting) == .degraded)
        #expect(report(.retrying) == .degraded)
        #expect(report(.retrying, permanent: true) == .down)
        #expect(report(.connected, storeError: "disk full") == .down)
        #expect(report(.connected, sinks: [SinkStatus(name: "crm", url: "u", lastError: "HTTP 500")]) == .degraded)
        #expect(report(.connected, sinks: [SinkStatus(name: "crm", url: "u")]) == .ok)
    }
}

@Suite("RFC3339")
struct RFC3339Tests {
    @Test func formatsUTCWithMillisecondsAndParsesOffsets() {
        let d = Date(timeIntervalSince1970: 1_796_292_930.123)
        #expect(RFC3339.format(d) == "2026-12-03T10:15:30.123Z")
        #expect(RFC3339.parse("2026-12-03T11:15:30+01:00") == Date(timeIntervalSince1970: 1_796_292_930))
        #expect(RFC3339.parse("2026-12-03T10:15:30.123Z").map(RFC3339.format) == "2026-12-03T10:15:30.123Z")
        #expect(RFC3339.parse("yesterday") == nil)
    }
}
