import Foundation
import Testing
@testable import UCBridge
@testable import UCBridgeSim
#if canImport(Glibc)
import Glibc
#endif

/// A raw HTTP/WebSocket client for the simulator tests, built on the library's codec.
/// Every read has a 5 s socket timeout so a broken simulator fails the test instead of hanging it.
/// Used by one thread at a time (a test may hand it to a helper thread that answers the server).
final class SimTestClient: @unchecked Sendable {
    let socket: SimSocket
    private var pending: [UInt8] = []
    private var decoder = WebSocketFrameDecoder(role: .client, maxFrameSize: 1 << 24)
    private var assembler = WebSocketMessageAssembler(maxMessageSize: 1 << 24)
    private let encoder = WebSocketFrameEncoder(role: .client)

    init(port: UInt16) throws {
        socket = try SimSocket.connect(host: "127.0.0.1", port: port)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { socket.close() }

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var json: JSONValue? { try? JSONParser.parse(body) }
    }

    func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: String = "") throws -> Response {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        socket.write(Array(text.utf8))
        return try readResponse()
    }

    private func readResponse() throws -> Response {
        while HTTPRequestParser.headerEnd(pending) == nil { try fill() }
        let end = HTTPRequestParser.headerEnd(pending)!
        let lines = String(decoding: pending[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        pending.removeFirst(end + 4)
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while pending.count < length { try fill() }
        let body = Array(pending.prefix(length))
        pending.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    private func fill() throws {
        let bytes = socket.read()
        guard !bytes.isEmpty else { throw SimSocketError(call: "recv (closed or timed out)", errno: ETIMEDOUT) }
        pending.append(contentsOf: bytes)
    }

    /// Upgrades this connection; returns the 101 response.
    func upgrade(session: String, key: String = "dGhlIHNhbXBsZSBub25jZQ==") throws -> Response {
        let response = try request("GET", "/ws/client/websocket?x-ucsessionid=\(session)", headers: [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", key), ("Sec-WebSocket-Version", "13"),
        ])
        decoder.append(pending)
        pending = []
        return response
    }

    func send(_ json: JSONValue) {
        socket.write(encoder.encode(WebSocketFrame(opcode: .text, payload: json.jsonBytes)))
    }

    /// The next text message as JSON (pings and pongs skipped).
    func receive() throws -> JSONValue {
        while true {
            while let frame = try decoder.next() {
                if case let .text(text)? = try assembler.consume(frame) { return try JSONParser.parse(text) }
            }
            let bytes = socket.read()
            guard !bytes.isEmpty else { throw SimSocketError(call: "recv (closed or timed out)", errno: ETIMEDOUT) }
            decoder.append(bytes)
        }
    }

    static let basicDemo = ("Authorization", "Basic " + Data("demo:demo".utf8).base64EncodedString())

    /// createsession with the default credentials, then the WebSocket upgrade.
    static func connectedSession(port: UInt16) throws -> SimTestClient {
        let http = try SimTestClient(port: port)
        let created = try http.request("POST", "/ws/client/createsession?clientappid=15",
                                       headers: [basicDemo, ("X-ucsid", "local"), ("X-no401", "1")],
                                       body: #"{"negotiate":{"iClientProtocolVersion":70}}"#)
        let id = try #require(created.json?["sessionid"]?.stringValue)
        let ws = try SimTestClient(port: port)
        let upgraded = try ws.upgrade(session: id)
        #expect(upgraded.status == 101)
        return ws
    }
}

/// A simulator on an ephemeral port for one test.
func startedSimulator() throws -> Simulator {
    var options = SimulatorOptions()
    options.port = 0
    let sim = Simulator(options: options)
    try sim.start()
    return sim
}

func invoke(_ id: Int64, _ op: RoseOperation, _ argument: JSONValue = [:]) -> JSONValue {
    RoseMessage.invoke(RoseInvoke(invokeID: id, operationID: op.id, operationName: op.name, argument: argument)).json
}
