import Foundation
import Testing
@testable import UCBridge
@testable import UCBridgeSim

@Suite struct SimulatorTests {
    @Test func createSessionReturnsA32HexSessionID() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let client = try SimTestClient(port: sim.port)
        let response = try client.request("POST", "/ws/client/createsession?clientappid=15",
                                          headers: [SimTestClient.basicDemo, ("X-ucsid", "local"), ("X-no401", "1")],
                                          body: #"{"negotiate":{"iClientProtocolVersion":70}}"#)
        #expect(response.status == 200)
        let id = try #require(response.json?["sessionid"]?.stringValue)
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
        // The SDK form: GET without a body, on the same keep-alive connection.
        let again = try client.request("GET", "/ws/client/createsession?clientappid=15", headers: [SimTestClient.basicDemo, ("X-Ucsid", "local")])
        #expect(again.status == 200)
    }

    @Test func wrongPasswordGetsTheLogonErrorBody() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let client = try SimTestClient(port: sim.port)
        let wrong = "Basic " + Data("demo:nope".utf8).base64EncodedString()
        let response = try client.request("POST", "/ws/client/createsession?clientappid=15",
                                          headers: [("Authorization", wrong), ("X-ucsid", "local"), ("X-no401", "1")],
                                          body: #"{"negotiate":{"iClientProtocolVersion":70}}"#)
        #expect(response.status == 400)
        let error = try #require(response.json?["error"])
        #expect(error["_type"] == "AsnLogonError")
        #expect(error["iErrorDetail"] == 101)
        #expect(error["u8sErrorString"] == "User Authentication failed")
        #expect(response.json?["invokedID"] != nil && response.json?["error_value"] == 0)
    }

    @Test func injectedFaultAndUnknownUCSIDAnswer502WithWsError() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        _ = sim.faultCreateSession(["status": 502, "count": 1])
        let client = try SimTestClient(port: sim.port)
        let failed = try client.request("GET", "/ws/client/createsession?clientappid=15", headers: [SimTestClient.basicDemo, ("X-ucsid", "local")])
        #expect(failed.status == 502)
        #expect(failed.json?["error"]?["iErrorDetail"] == 119)
        #expect(failed.json?["error"]?["_type"] == "WsError")
        let recovered = try client.request("GET", "/ws/client/createsession?clientappid=15", headers: [SimTestClient.basicDemo, ("X-ucsid", "local")])
        #expect(recovered.status == 200)
        let elsewhere = try client.request("GET", "/ws/client/createsession?clientappid=15", headers: [SimTestClient.basicDemo, ("X-ucsid", "other")])
        #expect(elsewhere.status == 502)
        #expect(elsewhere.json?["error"]?["details"] == "server not connected here: [other]")
    }

    @Test func handshakeAcceptMatchesRFC6455Example() {
        #expect(SimHandshake.accept(key: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func upgradeThenGetLoggedInContactAnswersWithAnna() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let ws = try SimTestClient.connectedSession(port: sim.port)
        ws.send(invoke(1, .getLoggedInContactV2))
        let answer = try ws.receive()
        #expect(answer["result"]?["invokeID"] == 1)
        let result = try #require(answer["result"]?["result"]?["result"])
        #expect(result["u8sLoggedInUser"] == "demo")
        #expect(result["ownContact"]?["u8sContactId"] == "sip:anna.berger@example.com")
        #expect(result["ownContact"]?["seqPhoneLines"]?.arrayValue?.count == 2)
    }

    @Test func unknownSessionIsRefused() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let ws = try SimTestClient(port: sim.port)
        #expect(try ws.upgrade(session: "00000000000000000000000000000000").status == 404)
    }

    @Test func unknownInvokeIsRejectedAndKeepalivesAreNotAnswered() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let ws = try SimTestClient.connectedSession(port: sim.port)
        ws.send(invoke(roseEventInvokeID, .transportKeepAlive, ["dummy": nil]))
        ws.send(invoke(812, RoseOperation(id: 9876, name: "asnSomethingNew")))
        let reject = try ws.receive()
        #expect(reject == ["reject": ["invokedID": ["invokedID": 812], "reject": ["invokeProblem": 1], "details": "unrecognisedOperation"]])
        let sessions = sim.sessionsJSON(includeClosed: false)["sessions"]?.arrayValue
        #expect(sessions?.first?["keepalives"] == 1)
    }

    @Test func presenceChangeSendsOnlyChangedSectionsToSubscribers() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let ws = try SimTestClient.connectedSession(port: sim.port)
        let bystander = try SimTestClient.connectedSession(port: sim.port)
        ws.send(invoke(2, .getAndSubscribePresenceV2, ["seqContactIDs": ["sip:max.huber@example.com", "sip:ghost@example.com"],
                                                        "bDontRequestPermissions": true]))
        let subscribed = try ws.receive()["result"]?["result"]?["result"]?["seqSubscribedPresence"]?.arrayValue
        #expect(subscribed?.compactMap { $0["u8sContactId"]?.stringValue } == ["sip:max.huber@example.com"])
        _ = try sim.controlPresence(["contact": "sip:max.huber@example.com", "note": "Customer workshop until 16:00"])
        let event = try ws.receive()
        #expect(event["invoke"]?["invokeID"] == 99999)
        #expect(event["invoke"]?["operationID"] == 4504)
        let argument = try #require(event["invoke"]?["argument"])
        #expect(argument["iChangedFlags"] == 32)
        #expect(argument["presence"]?["iPresenceState"] == nil)
        #expect(argument["presence"]?["asnCustomNote"]?["u8sNote"] == "Customer workshop until 16:00")
        // A session without that subscription gets nothing: its next message is its own answer.
        bystander.send(invoke(7, .checkConnection))
        #expect(try bystander.receive()["result"]?["invokeID"] == 7)
    }
}
