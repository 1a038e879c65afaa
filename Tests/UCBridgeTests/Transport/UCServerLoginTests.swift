import Foundation
import Testing
@testable import UCBridge

/// createsession and UCConnect discovery against a stand-in web service (Python http.server).
@Suite struct UCServerLoginTests {
    static let fixtures = InteropPeer.repoRoot.appendingPathComponent("Tests/Fixtures/protocol").path

    func config(_ port: Int, mode: String) -> ServerConfig {
        var c = ServerConfig()
        c.url = "http://127.0.0.1:\(port)/\(mode)/"
        c.ucsid = "local"
        c.username = "alice"
        c.password = Secret("pä:ss-word", origin: "test")
        c.requestTimeoutSeconds = 10
        return c
    }

    func record(_ peer: InteropPeer) throws -> JSONValue {
        try JSONParser.parse(try peer.readLine(timeout: 10))
    }

    @Test func createsASessionWithTheSeedRequest() throws {
        let peer = try InteropPeer(script: "createsession_server.py", arguments: [Self.fixtures])
        let login = UCServerLogin(config: config(peer.port, mode: "ok"))
        let base = try login.resolveBaseURL()
        #expect(try login.createSession(baseURL: base) == "9B1F0C4E2D7A45C8B3E6F1A0D2C4B6E8")
        let r = try record(peer)
        #expect(r["method"] == "POST")
        #expect(r["path"] == "/ok/ws/client/createsession")
        #expect(r["query"] == ["clientappid": "15"])
        let h = try #require(r["headers"])
        #expect(h["x-ucsid"] == "local")
        #expect(h["x-no401"] == "1")
        #expect(h["x-simple"] == "1")
        #expect(h["content-type"] == "application/json; charset=utf-8")
        #expect(h["authorization"]?.stringValue == "Basic " + Data("alice:pä:ss-word".utf8).base64EncodedString())
        #expect(try JSONParser.parse(r["body"]?.stringValue ?? "") == ["negotiate": ["iClientProtocolVersion": 70]])
    }

    @Test func sendsTheTokenInsteadOfBasicAuth() throws {
        let peer = try InteropPeer(script: "createsession_server.py", arguments: [Self.fixtures])
        var c = config(peer.port, mode: "okcaps")
        c.token = Secret("jwt-token-value", origin: "test")
        #expect(try UCServerLogin(config: c).createSession(baseURL: c.url!) == "CAPS")
        let h = try #require(try record(peer)["headers"])
        #expect(h["x-uctoken"] == "jwt-token-value")
        #expect(h["authorization"] == nil)
    }

    @Test func mapsEveryRefusalToATypedErrorWithoutTheSecret() throws {
        let peer = try InteropPeer(script: "createsession_server.py", arguments: [Self.fixtures])
        let cases: [(String, LoginError)] = [
            ("reject", .rejected(detail: 101, message: "User Authentication failed", permanent: true)),
            ("locked", .rejected(detail: 131, message: "Too many attempts", permanent: false)),
            ("notconnected", .serverNotConnected("UCServer is not connected here: server not connected here: [local1]")),
            ("unauth", .unauthorized),
            ("teapot", .httpStatus(418, "I am a teapot not a UCServer")),
        ]
        for (mode, expected) in cases {
            let c = config(peer.port, mode: mode)
            #expect(throws: expected) { try UCServerLogin(config: c).createSession(baseURL: c.url!) }
            _ = try record(peer)
            #expect(!expected.description.contains("pä:ss-word"))
        }
        #expect(LoginError.rejected(detail: 101, message: "", permanent: true).isPermanent)
        #expect(!LoginError.serverNotConnected("").isPermanent)
    }

    @Test func unreachableServerIsTypedAndRedacted() throws {
        var c = ServerConfig()
        c.url = "http://bob:topsecret@127.0.0.1:1"
        c.requestTimeoutSeconds = 5
        #expect {
            try UCServerLogin(config: c).createSession(baseURL: c.url!)
        } throws: { error in
            guard case let .unreachable(text)? = error as? LoginError else { return false }
            return !text.contains("topsecret") && text.contains("bob:***@127.0.0.1:1")
        }
    }

    @Test func discoversTheUCWebProxyThroughUCConnect() throws {
        let peer = try InteropPeer(script: "createsession_server.py", arguments: [Self.fixtures])
        var c = ServerConfig()
        var u = UCConnectConfig()
        u.controller = "http://127.0.0.1:\(peer.port)/ucconnect"
        u.ucsid = "my-ucsid"
        c.ucconnect = u
        c.username = "alice"
        let login = UCServerLogin(config: c)
        let base = try login.resolveBaseURL()
        #expect(base == "http://127.0.0.1:\(peer.port)/ok")
        let r = try record(peer)
        #expect(r["path"] == "/ucconnect/controller/client/ucws")
        #expect(r["query"] == ["ucsid": "my-ucsid"])
        #expect(try login.createSession(baseURL: base) == "9B1F0C4E2D7A45C8B3E6F1A0D2C4B6E8")
        #expect(try record(peer)["headers"]?["x-ucsid"] == "my-ucsid")

        u.controller = "http://127.0.0.1:\(peer.port)/ucconnect-bad"
        c.ucconnect = u
        #expect(throws: LoginError.discoveryFailed(status: 404, message: "unknown ucsid")) { try UCServerLogin(config: c).resolveBaseURL() }
    }

    @Test func buildsTheWebSocketURLFromTheBase() {
        #expect(UCServerLogin.webSocketURL(baseURL: "https://ucs:7225/", sessionID: "S1") == "wss://ucs:7225/ws/client/websocket?x-ucsessionid=S1")
        #expect(UCServerLogin.webSocketURL(baseURL: "http://ucs:7224", sessionID: "S1", trailingSlash: true) == "ws://ucs:7224/ws/client/websocket/?x-ucsessionid=S1")
    }

    @Test func parsesCreateSessionAnswersWithoutNetwork() throws {
        func parse(_ status: Int, _ body: String) throws(LoginError) -> String {
            try UCServerLogin.parseCreateSession(HTTPResponse(status: status, headers: [], body: Array(body.utf8)))
        }
        #expect(throws: LoginError.malformedResponse("no sessionid member")) { try parse(200, "{}") }
        #expect(throws: LoginError.self) { try parse(200, "<html>") }
        #expect(throws: LoginError.httpStatus(400, "bad")) { try parse(400, "bad") }
        #expect(throws: LoginError.rejected(detail: 130, message: "expired", permanent: true)) {
            try parse(400, #"{"error":{"iErrorDetail":"130","u8sErrorMessage":"expired"}}"#)
        }
    }

    @Test func redactsCredentialsFromURLs() {
        #expect(URLRedaction.redact("https://u:p@h:1/x?token=abc&a=1&x-ucsessionid=S#f") == "https://u:***@h:1/x?token=***&a=1&x-ucsessionid=***#f")
        #expect(URLRedaction.redact("http://h/p?pass=1") == "http://h/p?pass=***")
        #expect(URLRedaction.redact("http://h/p") == "http://h/p")
        #expect(CurlError(code: 7, message: "m", url: "ws://h/?x-ucsessionid=SECRET").description.contains("SECRET") == false)
    }
}
