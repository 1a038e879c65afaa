import Foundation
import UCBridge

extension Simulator {
    /// Serves one TCP connection: HTTP/1.1 requests (keep-alive) until it upgrades or closes.
    func serve(_ socket: SimSocket) {
        var parser = HTTPRequestParser()
        while true {
            let request: HTTPRequest
            do {
                guard let next = try parser.next() else {
                    let bytes = socket.read()
                    if bytes.isEmpty { return }
                    parser.append(bytes)
                    continue
                }
                request = next
            } catch {
                socket.write(HTTPResponse.text(400, "bad request: \(error)\n").serialized(keepAlive: false))
                return
            }
            if request.path == "/ws/client/websocket" || request.path == "/ws/client/websocket/" {
                upgrade(socket, request, leftover: parser.takeRemainder())
                return
            }
            let response: HTTPResponse
            if request.path == "/sim" || request.path.hasPrefix("/sim/") {
                response = SimControlAPI(simulator: self).handle(request)
            } else if request.path == "/ws/client/createsession" {
                response = createSession(request)
            } else {
                response = .text(404, "not found\n")
            }
            guard socket.write(response.serialized(keepAlive: request.keepAlive)), request.keepAlive else { return }
        }
    }

    /// `createsession` (PROTOCOL.md 1.3): UCSID, credentials, injected faults.
    func createSession(_ request: HTTPRequest) -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        record(["direction": "in", "http": .string("\(request.method) \(Self.safeTarget(request))"), "headers": Self.safeHeaders(request),
                "body": .string(String(decoding: request.body.prefix(4096), as: UTF8.self))])
        guard request.method == "POST" || request.method == "GET" else {
            return HTTPResponse(status: 405, headers: [("Allow", "GET, POST")])
        }
        if var fault = faultCreateSession, fault.remaining > 0 {
            fault.remaining -= 1
            faultCreateSession = fault.remaining > 0 ? fault : nil
            return failure(status: fault.status)
        }
        let ucsid = request.header("X-ucsid") ?? request.query["ucsid"] ?? options.ucsid
        guard ucsid == options.ucsid else { return Self.notConnected(ucsid) }
        if !request.body.isEmpty, (try? JSONParser.parse(request.body))?["negotiate"] == nil {
            return failure(status: 400, detail: 104, text: "Invalid negotiate body")
        }
        switch authenticate(request) {
        case .ok:
            let session = SimSession(id: SimID.guid())
            sessions[session.id] = session
            pruneUnusedSessions()
            log.info("session created", ["session": session.id])
            return .json(200, ["sessionid": .string(session.id)])
        case .missing where request.header("X-no401") == nil && request.query["no401"] == nil:
            return HTTPResponse(status: 401, headers: [("WWW-Authenticate", "Basic realm=\"UCServer\"")])
        case .missing, .wrong:
            return failure(status: 400)
        }
    }

    private enum AuthOutcome { case ok, missing, wrong }

    private func authenticate(_ request: HTTPRequest) -> AuthOutcome {
        if let auth = request.header("Authorization") {
            guard auth.lowercased().hasPrefix("basic "),
                  let data = Data(base64Encoded: String(auth.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return .wrong }
            return text[..<colon] == options.user && text[text.index(after: colon)...] == password ? .ok : .wrong
        }
        if let token = request.header("x-uctoken") ?? request.query["token"] {
            return options.token != nil && token == options.token ? .ok : .wrong
        }
        if let user = request.query["user"], let pass = request.query["pass"] {
            return user == options.user && pass == password ? .ok : .wrong
        }
        return .missing
    }

    /// The status a createsession fault answers with, with the body a real server sends for it.
    private func failure(status: Int, detail: Int64 = 101, text: String = "User Authentication failed") -> HTTPResponse {
        switch status {
        case 400:
            return .json(400, [
                "error": ["_type": "AsnLogonError", "iErrorDetail": .int(detail), "sAuthCredentials": "",
                          "u8sErrorString": .string(text), "u8sFailedUser": ""],
                "error_value": 0, "invokedID": 12, "sessionID": .string(SimID.guid()),
            ])
        case 502:
            return Self.notConnected(options.ucsid)
        default:
            return .text(status, "simulated failure\n")
        }
    }

    static func notConnected(_ ucsid: String) -> HTTPResponse {
        .json(502, ["error": ["details": .string("server not connected here: [\(ucsid)]"), "_type": "WsError",
                              "iErrorDetail": 119, "u8sErrorString": "UCServer is not connected here"]])
    }

    /// Header names and values for the log, with credentials masked.
    static func safeHeaders(_ request: HTTPRequest) -> JSONValue {
        .object(request.headers.map { name, value in
            let secret = ["authorization", "x-uctoken", "cookie"].contains(name.lowercased())
            return (name, .string(secret ? "***" : value))
        })
    }

    /// The request target with credential query parameters (`pass`, `token`) masked.
    static func safeTarget(_ request: HTTPRequest) -> String {
        guard request.query["pass"] != nil || request.query["token"] != nil else { return request.target }
        let masked = request.query.sorted { $0.key < $1.key }.map { k, v in "\(k)=\(k == "pass" || k == "token" ? "***" : v)" }
        return request.path + "?" + masked.joined(separator: "&")
    }

    /// Sessions that never opened a WebSocket are dropped oldest first beyond 1000.
    private func pruneUnusedSessions() {
        let unused = sessions.values.filter { $0.socket == nil }.sorted { $0.created < $1.created }
        for s in unused.dropLast(1000) { sessions.removeValue(forKey: s.id) }
    }

    private func upgrade(_ socket: SimSocket, _ request: HTTPRequest, leftover: [UInt8]) {
        if let (status, text) = SimHandshake.validate(request) {
            var response = HTTPResponse.text(status, text + "\n")
            if status == 426 { response.headers.append(("Sec-WebSocket-Version", "13")) }
            socket.write(response.serialized(keepAlive: false))
            return
        }
        let id = request.query["x-ucsessionid"] ?? request.header("X-ucsessionid") ?? ""
        let session: SimSession? = lock.withLock {
            record(["direction": "in", "http": .string("GET \(Self.safeTarget(request))"), "headers": Self.safeHeaders(request)])
            guard let s = sessions[id] else { return nil }
            guard s.socket == nil else { return nil }
            let accept = SimHandshake.switchingProtocols(key: request.header("Sec-WebSocket-Key") ?? "")
            guard socket.write(accept.serialized(keepAlive: true)) else { return nil }
            s.socket = socket
            s.connectedAt = Date()
            lock.broadcast()
            return s
        }
        guard let session else {
            socket.write(HTTPResponse.text(404, "unknown or already connected session\n").serialized(keepAlive: false))
            return
        }
        log.info("websocket open", ["session": session.id])
        runWebSocket(socket, session: session, leftover: leftover)
    }
}
