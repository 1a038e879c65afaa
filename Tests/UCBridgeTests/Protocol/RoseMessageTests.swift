import Foundation
import Testing
@testable import UCBridge

@Suite struct RoseMessageTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/protocol")

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    @Test func everyWireExampleDecodesAsROSE() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix("createsession_") }
        #expect(names.count >= 17)
        for name in names {
            let decoded = RoseMessage.decodeAll(try Self.fixture(name))
            #expect(decoded.count == 1, "\(name)")
            let message = try decoded[0].get()
            switch message {
            case let .invoke(inv):
                #expect(name.hasPrefix("invoke_") || name.hasPrefix("event_"), "\(name)")
                #expect(inv.isEvent == name.hasPrefix("event_"), "\(name)")
                #expect(inv.operationName != nil && inv.operationID > 0, "\(name)")
            case .result: #expect(name.hasPrefix("result_"), "\(name)")
            case .error: #expect(name.hasPrefix("error_"), "\(name)")
            case .reject: #expect(name.hasPrefix("reject_"), "\(name)")
            }
        }
    }

    @Test func errorSpellsInvokedIDAndCarriesTheRequestError() throws {
        let message = try RoseMessage.decodeAll(try Self.fixture("error_asnCtiLineMonitorStart_invalidline.json"))[0].get()
        guard case let .error(id, value, error, _) = message else { Issue.record("not an error: \(message)"); return }
        #expect(id == 5 && value == 3)
        let request = RoseRequestError(json: error)
        #expect(request.detail == 3)
        #expect(request.message.contains("is unknown"))
    }

    @Test func rejectNestsTheInvokedIDAndEncodesLikeTheSDK() throws {
        let bytes = try Self.fixture("reject_unrecognisedOperation.json")
        let message = try RoseMessage.decodeAll(bytes)[0].get()
        #expect(message == .reject(invokedID: 812, problem: .unrecognisedOperation, details: "unrecognisedOperation", sessionID: nil))
        #expect(message.json == (try JSONParser.parse(bytes)))
        let null = try RoseMessage.decodeAll(Array(#"{"reject":{"invokedID":{"invokednull":null},"reject":{"invokeProblem":2}}}"#.utf8))[0].get()
        #expect(null == .reject(invokedID: nil, problem: .mistypedArgument, details: nil, sessionID: nil))
    }

    @Test func resultCarriesTheOperationResult() throws {
        let message = try RoseMessage.decodeAll(try Self.fixture("result_asnCtiEnumPhoneLines.json"))[0].get()
        guard case let .result(id, result, _) = message else { Issue.record("not a result"); return }
        #expect(id == 3)
        #expect(result["seqLines"]?.arrayValue?.count == 2)
        #expect(result["u8sLineMonitorCrossRefID"] == "8F2A61C0")
    }

    @Test func arrayEnvelopeFromTheProxyYieldsEachMessage() throws {
        let text = #"[{"invoke":{"invokeID":99999,"operationID":1706,"operationName":"asnTransportKeepAlive","argument":{"dummy":null}}},{"result":{"invokeID":7,"result":{"resultValue":0,"result":{}}}}]"#
        let decoded = RoseMessage.decodeAll(Array(text.utf8))
        #expect(decoded.count == 2)
        if case .invoke = try decoded[0].get() {} else { Issue.record("first is not an invoke") }
        if case .result(7, _, _) = try decoded[1].get() {} else { Issue.record("second is not result 7") }
    }

    @Test func malformedMessagesAreTypedErrorsNotCrashes() {
        for text in ["{", "[]x", #"{"bogus":{}}"#, #"{"invoke":{"operationID":1}}"#, "42", #"{"result":{}}"#] {
            let decoded = RoseMessage.decodeAll(Array(text.utf8))
            #expect(decoded.allSatisfy { if case .failure = $0 { true } else { false } }, "\(text)")
        }
        #expect(RoseMessage.decodeAll(Array("[]".utf8)).isEmpty)
    }

    @Test func invokeAlwaysCarriesOperationNameAndAnArgumentObject() throws {
        let invoke = RoseMessage.invoke(RoseInvoke(invokeID: 1, operationID: 1008, operationName: "asnGetLoggedInContactV2"))
        #expect(invoke.json == (try JSONParser.parse(try Self.fixture("invoke_asnGetLoggedInContactV2.json"))))
    }
}
