import Foundation
import Testing
@testable import UCBridge
@testable import UCBridgeSim

@Suite struct SimulatorCallJournalTests {
    static let line = "tel:+4989123456201;phys=201@ECSTA"

    @Test func unknownLineMonitorGetsErrorDetail3() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let ws = try SimTestClient.connectedSession(port: sim.port)
        ws.send(invoke(5, .ctiLineMonitorStart, ["u8sLinePhoneNumber": "tel:+4989123456299;phys=299@ECSTA"]))
        let answer = try ws.receive()
        #expect(answer["error"]?["invokedID"] == 5)
        #expect(answer["error"]?["error"]?["iErrorDetail"] == 3)
    }

    @Test func callLifecycleNotifiesMonitorAndWritesJournalEntry() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let ws = try SimTestClient.connectedSession(port: sim.port)
        ws.send(invoke(1, .ctiLineMonitorStart, ["u8sLinePhoneNumber": .string(Self.line)]))
        let crossRef = try #require(try ws.receive()["result"]?["result"]?["result"]?["u8sMonitorCrossRefID"])
        ws.send(invoke(2, .journalSubscribeEvents, ["bReceiveJournalEvents": true, "iLastKnownGlobTransactionID": 48202, "iMaxEntries": 500, "iFlags": 0]))
        #expect(try ws.receive()["result"]?["result"]?["result"] == ["iResult": 0])

        let created = try sim.controlCall(["line": .string(Self.line), "state": "offering", "remote": "+4940555987654"])
        let id = try #require(created["connection_id"]?.stringValue)
        var reasons: [Int64] = []
        for state in ["connected", "disconnected", "destroyed"] {
            let notify = try ws.receive()["invoke"]?["argument"]
            #expect(notify?["u8sMonitorCrossRefID"] == crossRef)
            #expect(notify?["callinformation"]?["u8sConnectionID"] == .string(id))
            reasons.append(notify?["reason"]?.intValue ?? -1)
            _ = try sim.controlCall(["connection_id": .string(id), "state": .string(state)])
        }
        reasons.append(try ws.receive()["invoke"]?["argument"]?["reason"]?.intValue ?? -1)
        #expect(reasons == [0, 3, 11, 12])

        let journal = try #require(try ws.receive()["invoke"])
        #expect(journal["operationName"] == "asnJournalEntryListChanged")
        let change = try #require(journal["argument"]?["journalEntryChangedList"]?.arrayValue?.first)
        #expect(change["iFlags"] == 1)
        #expect(change["journalEntry"]?["u8sConnectionID"] == .string(id))
        #expect(change["journalEntry"]?["optionalParams"]?["iTransactionID"] == journal["argument"]?["iLastTransactionID"])
        #expect(sim.stateJSON()["calls"] == [])
    }

    @Test func serverInvokeRecordsTheClientsReject() throws {
        let sim = try startedSimulator()
        defer { sim.stop() }
        let ws = try SimTestClient.connectedSession(port: sim.port)
        let client = Thread {
            guard let message = try? ws.receive(), let id = message["invoke"]?["invokeID"]?.intValue else { return }
            ws.send(["reject": ["invokedID": ["invokedID": .int(id)], "reject": ["invokeProblem": 1], "details": "unrecognisedOperation"]])
        }
        client.start()
        let answer = try sim.faultInvoke(["operation_id": 4242, "wait_seconds": 5])
        let first = try #require(answer["invokes"]?.arrayValue?.first)
        #expect(first["answer"]?["kind"] == "reject")
        #expect(first["answer"]?["problem"] == ["invokeProblem": 1])
    }
}
