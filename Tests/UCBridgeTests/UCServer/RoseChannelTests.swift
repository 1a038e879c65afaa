import Foundation
import Testing
@testable import UCBridge
@testable import UCBridgeSim

/// The ROSE channel over a real WebSocket to the simulator (in this process, its own threads).
@Suite(.serialized) struct RoseChannelTests {
    final class Collected: @unchecked Sendable {
        let condition = NSCondition()
        var events: [RoseInvoke] = []
        func add(_ e: RoseInvoke) { condition.withLock { events.append(e); condition.broadcast() } }
        func wait(for operationID: Int64, timeout: Double) -> RoseInvoke? {
            let deadline = Date().addingTimeInterval(timeout)
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let e = events.first(where: { $0.operationID == operationID }) { return e }
                if !condition.wait(until: deadline) { return nil }
            }
        }
    }

    struct Running {
        let sim: Simulator
        let channel: RoseChannel
        let collected: Collected
        let ended: ChannelEndBox
    }

    func open(keepalive: Double = 30, silence: Double = 60) throws -> Running {
        var options = SimulatorOptions()
        options.port = 0
        let sim = Simulator(options: options)
        let port = try sim.start()
        var server = ServerConfig()
        server.url = "http://127.0.0.1:\(port)"
        server.username = "demo"
        server.password = Secret("demo", origin: "test")
        let established = try SessionEstablishment(config: server, logger: .discard).establish()
        let collected = Collected()
        let channel = RoseChannel(connection: established.connection, timing: .init(keepaliveSeconds: keepalive, silenceSeconds: silence),
                                  logger: .discard, metrics: Metrics(), onEvent: { collected.add($0) })
        let ended = ChannelEndBox()
        Thread { ended.set(channel.run()) }.start()
        return Running(sim: sim, channel: channel, collected: collected, ended: ended)
    }

    @Test func invokeGetsItsOwnResult() throws {
        let r = try open()
        defer { r.channel.stop(); _ = r.ended.wait(); r.sim.stop() }
        let me = try r.channel.call(.getLoggedInContactV2, .object([]), timeout: 5)
        #expect(me["u8sLoggedInUser"] == "demo")
        let lines = try r.channel.call(.ctiEnumPhoneLines, ["typeofLines": 0, "attachChangeNotify": 1], timeout: 5)
        #expect((lines["seqLines"]?.arrayValue?.count ?? 0) >= 2)
    }

    @Test func serverErrorBecomesATypedFailure() throws {
        let r = try open()
        defer { r.channel.stop(); _ = r.ended.wait(); r.sim.stop() }
        #expect(throws: RoseCallError.self) {
            try r.channel.call(.ctiLineMonitorStart, ["u8sLinePhoneNumber": "tel:nope"], timeout: 5)
        }
        do {
            _ = try r.channel.call(.ctiLineMonitorStart, ["u8sLinePhoneNumber": "tel:nope"], timeout: 5)
        } catch {
            guard case let .failed(op, e) = error else { Issue.record("expected .failed, got \(error)"); return }
            #expect(op == .ctiLineMonitorStart && e.detail == 3)
        }
    }

    @Test func unknownOperationIsRejectedByTheServer() throws {
        let r = try open()
        defer { r.channel.stop(); _ = r.ended.wait(); r.sim.stop() }
        do {
            _ = try r.channel.call(RoseOperation(id: 4242, name: "asnSomethingNew"), .object([]), timeout: 5)
            Issue.record("expected a reject")
        } catch {
            guard case .rejected(_, .unrecognisedOperation?, _) = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test func silentServerTimesTheInvokeOut() throws {
        let r = try open()
        defer { r.channel.stop(); _ = r.ended.wait(); r.sim.stop() }
        _ = r.sim.faultSilence(["seconds": 5])
        do {
            _ = try r.channel.call(.getLoggedInContactV2, .object([]), timeout: 0.5)
            Issue.record("expected a timeout")
        } catch {
            #expect(error == .timedOut(.getLoggedInContactV2, seconds: 0.5))
        }
    }

    @Test func realServerInvokeWithoutHandlerGetsARejectNotSilence() throws {
        let r = try open()
        defer { r.channel.stop(); _ = r.ended.wait(); r.sim.stop() }
        let answer = try r.sim.faultInvoke(["operation_id": 4711, "operation_name": "asnSomeFutureOperation", "wait_seconds": 5])
        #expect(answer.jsonText.contains("unrecognisedOperation") || answer.jsonText.contains("invokeProblem"), "\(answer.jsonText)")
    }

    @Test func eventsReachTheHandlerAndAreNeverAnswered() throws {
        let r = try open()
        defer { r.channel.stop(); _ = r.ended.wait(); r.sim.stop() }
        _ = try r.channel.call(.getAndSubscribePresenceV2, ["seqContactIDs": ["sip:max.huber@example.com"], "iEventFlagsToSubscribe": 1011,
                                                            "iContactDetailsReturnFilter": 1011, "bDontRequestPermissions": true], timeout: 5)
        _ = try r.sim.controlPresence(["contact": "sip:max.huber@example.com", "state": 335544322, "note": "busy"])
        let event = try #require(r.collected.wait(for: RoseOperation.updatePresenceV2.id, timeout: 5))
        #expect(event.isEvent)
        let sessions = r.sim.sessionsJSON(includeClosed: false).jsonText
        #expect(!sessions.contains("\"invokedID\":99999"))
    }

    @Test func serverDropEndsTheChannelAndFailsPendingInvokes() throws {
        let r = try open()
        defer { r.sim.stop() }
        _ = r.sim.faultDrop()
        let end = r.ended.wait()
        if case .failed = end {} else if case .closedByServer = end {} else { Issue.record("unexpected end \(end)") }
        #expect(throws: RoseCallError.self) { try r.channel.call(.getLoggedInContactV2, .object([]), timeout: 2) }
    }

    @Test func silenceBeyondTheLimitEndsTheChannel() throws {
        let r = try open(keepalive: 0.2, silence: 0.8)
        defer { r.sim.stop() }
        _ = r.sim.faultSilence(["seconds": 10])
        let end = r.ended.wait()
        guard case .silence = end else { Issue.record("unexpected end \(end)"); return }
    }
}
