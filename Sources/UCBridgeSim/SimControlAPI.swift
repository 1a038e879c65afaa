import Foundation
import UCBridge

/// The HTTP control API under `/sim/` (same port as the UCServer endpoints). Every answer is
/// JSON; errors are `{"error": "…"}` with 400/404/405/409.
///
/// | method | path | body / query | effect |
/// | --- | --- | --- | --- |
/// | GET | /sim/state | | contacts, lines, calls, journal |
/// | GET | /sim/sessions | `?all=1` adds closed sessions | subscriptions, keepalives, rejects, responses, last message |
/// | GET | /sim/log | `?limit=N&since=SEQ` | messages received from clients, HTTP requests |
/// | POST | /sim/presence | `{contact, state?, note?, absent_state?, display_name?}` | asnUpdatePresenceV2 |
/// | POST | /sim/presence/remove | `{contact}` | asnRemovePresence |
/// | POST | /sim/call | `{line?, connection_id?, state, remote?, remote_name?, remote_company?, outbound?, internal?, reason?, disconnected_reason?, journal?}` | asnCtiNotifyLineCallInformationChanged |
/// | POST | /sim/journal | `{connection_id?, phone_number?, contact_name?, company?, outbound?, internal?, start?, duration?, connected_duration?, memo?, subject?, read?, delete?}` | asnJournalEntryListChanged |
/// | DELETE | /sim/journal | `?connection_id=…` | asnJournalEntryListChanged with iFlags 3 |
/// | POST | /sim/line/dnd, /sim/line/forward, /sim/line/add, /sim/line/remove | `{line, …}` | line notifies |
/// | POST | /sim/send | `{message}` or `{text}` | raw message to every session |
/// | POST | /sim/burst | `{presence: N, calls: M}` | load for the ingest benchmark |
/// | POST | /sim/fault/drop, /sim/fault/createsession, /sim/fault/silence, /sim/fault/malformed, /sim/fault/invoke, /sim/fault/password | | faults |
struct SimControlAPI {
    let simulator: Simulator

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let route = request.path.hasSuffix("/") && request.path.count > 1 ? String(request.path.dropLast()) : request.path
        let body: JSONValue
        if request.body.isEmpty {
            body = [:]
        } else {
            do { body = try JSONParser.parse(request.body) } catch { return .json(400, ["error": .string("body is not JSON: \(error)")]) }
        }
        do {
            return .json(200, try dispatch(request.method, route, body, request.query))
        } catch {
            return .json(error.status, ["error": .string(error.message)])
        }
    }

    private func dispatch(_ method: String, _ route: String, _ body: JSONValue, _ query: [String: String]) throws(SimControlError) -> JSONValue {
        let sim = simulator
        switch (method, route) {
        case ("GET", "/sim"), ("GET", "/sim/health"): return ["ok": true, "port": .int(Int64(sim.port))]
        case ("GET", "/sim/state"): return sim.stateJSON()
        case ("GET", "/sim/sessions"): return sim.sessionsJSON(includeClosed: query["all"] == "1" || query["all"] == "true")
        case ("GET", "/sim/log"): return sim.logJSON(limit: Int(query["limit"] ?? "") ?? 100, since: Int64(query["since"] ?? "") ?? 0)
        case ("POST", "/sim/presence"): return try sim.controlPresence(body)
        case ("POST", "/sim/presence/remove"): return try sim.controlRemovePresence(body)
        case ("POST", "/sim/call"): return try sim.controlCall(body)
        case ("POST", "/sim/journal"): return try sim.controlJournal(body)
        case ("DELETE", "/sim/journal"):
            return try sim.controlJournal(["connection_id": .string(query["connection_id"] ?? body["connection_id"]?.stringValue ?? ""), "delete": true])
        case ("POST", "/sim/line/dnd"): return try sim.controlLineDoNotDisturb(body)
        case ("POST", "/sim/line/forward"): return try sim.controlLineForward(body)
        case ("POST", "/sim/line/add"): return try sim.controlLineAdd(body)
        case ("POST", "/sim/line/remove"): return try sim.controlLineRemove(body)
        case ("POST", "/sim/send"): return try sim.controlSend(body)
        case ("POST", "/sim/burst"): return sim.controlBurst(body)
        case ("POST", "/sim/fault/drop"): return sim.faultDrop(body)
        case ("POST", "/sim/fault/createsession"): return sim.faultCreateSession(body)
        case ("POST", "/sim/fault/silence"): return sim.faultSilence(body)
        case ("POST", "/sim/fault/malformed"): return try sim.faultMalformed(body)
        case ("POST", "/sim/fault/invoke"): return try sim.faultInvoke(body)
        case ("POST", "/sim/fault/password"): return try sim.faultPassword(body)
        default:
            let known = ["/sim", "/sim/health", "/sim/state", "/sim/sessions", "/sim/log", "/sim/presence", "/sim/presence/remove", "/sim/call",
                         "/sim/journal", "/sim/line/dnd", "/sim/line/forward", "/sim/line/add", "/sim/line/remove", "/sim/send", "/sim/burst",
                         "/sim/fault/drop", "/sim/fault/createsession", "/sim/fault/silence", "/sim/fault/malformed", "/sim/fault/invoke",
                         "/sim/fault/password"]
            throw known.contains(route) ? SimControlError(405, "\(method) not allowed on \(route)") : SimControlError(404, "no such endpoint \(route)")
        }
    }
}
