import Testing
@testable import UCBridge

@Suite struct WebSocketMessageAssemblerTests {
    func text(_ s: String, fin: Bool = true) -> WebSocketFrame { WebSocketFrame(fin: fin, opcode: .text, payload: Array(s.utf8)) }
    func cont(_ s: String, fin: Bool) -> WebSocketFrame { WebSocketFrame(fin: fin, opcode: .continuation, payload: Array(s.utf8)) }

    @Test func joinsFragmentsAndPassesControlFramesBetweenThem() throws {
        var a = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(try a.consume(text("Hel", fin: false)) == nil)
        #expect(try a.consume(WebSocketFrame(opcode: .ping, payload: [1])) == .ping([1]))
        #expect(try a.consume(cont("lo", fin: true)) == .text("Hello"))
        #expect(try a.consume(text("again")) == .text("again"))
    }

    @Test func rejectsContinuationOrderErrors() {
        var a = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(throws: WebSocketProtocolError.unexpectedContinuation) { try a.consume(cont("x", fin: true)) }
        var b = WebSocketMessageAssembler(maxMessageSize: 100)
        _ = try? b.consume(text("a", fin: false))
        #expect(throws: WebSocketProtocolError.expectedContinuation) { try b.consume(text("b")) }
    }

    @Test func enforcesMessageSizeAcrossFragments() {
        var a = WebSocketMessageAssembler(maxMessageSize: 4)
        #expect(throws: WebSocketProtocolError.messageTooLarge(limit: 4)) { try a.consume(text("12345")) }
        var b = WebSocketMessageAssembler(maxMessageSize: 4)
        _ = try? b.consume(text("123", fin: false))
        #expect(throws: WebSocketProtocolError.messageTooLarge(limit: 4)) { try b.consume(cont("45", fin: true)) }
    }

    @Test func rejectsInvalidUTF8InTextButNotInBinary() throws {
        var a = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(throws: WebSocketProtocolError.invalidUTF8) { try a.consume(WebSocketFrame(opcode: .text, payload: [0xC3, 0x28])) }
        #expect(try a.consume(WebSocketFrame(opcode: .binary, payload: [0xC3, 0x28])) == .binary([0xC3, 0x28]))
        // A character split across fragments is fine once joined.
        var b = WebSocketMessageAssembler(maxMessageSize: 100)
        _ = try b.consume(WebSocketFrame(fin: false, opcode: .text, payload: [0xC3]))
        #expect(try b.consume(WebSocketFrame(fin: true, opcode: .continuation, payload: [0xA9])) == .text("é"))
    }

    @Test func validatesClosePayloads() throws {
        var a = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(try a.consume(WebSocketFrame(opcode: .close, payload: [])) == .close(code: nil, reason: ""))
        #expect(try a.consume(WebSocketFrame(opcode: .close, payload: [0x03, 0xE8] + Array("ok".utf8))) == .close(code: 1000, reason: "ok"))
        #expect(throws: WebSocketProtocolError.invalidClosePayload) { try a.consume(WebSocketFrame(opcode: .close, payload: [0x03])) }
        for bad: UInt16 in [999, 1004, 1005, 1006, 1015, 2999, 5000] {
            #expect(throws: WebSocketProtocolError.invalidClosePayload) {
                try a.consume(WebSocketFrame(opcode: .close, payload: [UInt8(bad >> 8), UInt8(bad & 0xFF)]))
            }
        }
        #expect(throws: WebSocketProtocolError.invalidUTF8) { try a.consume(WebSocketFrame(opcode: .close, payload: [0x03, 0xE8, 0xFF])) }
    }
}
