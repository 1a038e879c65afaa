import Testing
@testable import UCBridge

/// RFC 6455 section 5.7 examples and every malformed-frame class.
@Suite struct WebSocketFrameDecoderTests {
    func decodeAll(_ bytes: [UInt8], role: WebSocketRole = .client, maxFrame: Int = 1 << 20) throws -> [WebSocketFrame] {
        var d = WebSocketFrameDecoder(role: role, maxFrameSize: maxFrame)
        d.append(bytes)
        var frames: [WebSocketFrame] = []
        while let f = try d.next() { frames.append(f) }
        #expect(d.bufferedByteCount == 0)
        return frames
    }

    func firstError(_ bytes: [UInt8], role: WebSocketRole = .client, maxFrame: Int = 1 << 20) -> WebSocketProtocolError? {
        do { _ = try decodeAll(bytes, role: role, maxFrame: maxFrame); return nil } catch { return error as? WebSocketProtocolError }
    }

    @Test func decodesUnmaskedHello() throws {
        #expect(try decodeAll([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]) == [WebSocketFrame(opcode: .text, payload: Array("Hello".utf8))])
    }

    @Test func serverDecodesMaskedHello() throws {
        let bytes: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(try decodeAll(bytes, role: .server) == [WebSocketFrame(opcode: .text, payload: Array("Hello".utf8))])
    }

    @Test func decodesFragmentedHello() throws {
        let frames = try decodeAll([0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f])
        #expect(frames == [
            WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)),
            WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8)),
        ])
    }

    @Test func decodesUnmaskedPing() throws {
        #expect(try decodeAll([0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]) == [WebSocketFrame(opcode: .ping, payload: Array("Hello".utf8))])
    }

    @Test func decodes16BitAnd64BitLengths() throws {
        let p256 = (0..<256).map { UInt8($0 & 0xFF) }
        #expect(try decodeAll([0x82, 0x7E, 0x01, 0x00] + p256) == [WebSocketFrame(opcode: .binary, payload: p256)])
        let p64k = [UInt8](repeating: 0xAB, count: 65536)
        #expect(try decodeAll([0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] + p64k) == [WebSocketFrame(opcode: .binary, payload: p64k)])
    }

    @Test func bytesFedOneAtATimeGiveTheSameFrames() throws {
        let stream: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x89, 0x00, 0x80, 0x02, 0x6c, 0x6f]
            + [0x82, 0x7E, 0x00, 0x80] + [UInt8](repeating: 7, count: 128)
        let whole = try decodeAll(stream)
        var d = WebSocketFrameDecoder(role: .client, maxFrameSize: 1 << 20)
        var frames: [WebSocketFrame] = []
        for b in stream {
            d.append([b])
            while let f = try d.next() { frames.append(f) }
        }
        #expect(frames == whole)
        #expect(frames.count == 4)
    }

    @Test func rejectsEveryMalformedFrameClass() {
        #expect(firstError([0xC1, 0x00]) == .reservedBitsSet)
        #expect(firstError([0x83, 0x00]) == .reservedOpcode(3))
        #expect(firstError([0x8B, 0x00]) == .reservedOpcode(0xB))
        #expect(firstError([0x09, 0x00]) == .fragmentedControlFrame)
        #expect(firstError([0x89, 0x7E, 0x00, 0x7E] + [UInt8](repeating: 0, count: 126)) == .controlFrameTooLong(126))
        #expect(firstError([0x81, 0x80, 1, 2, 3, 4]) == .maskedFrameFromServer)
        #expect(firstError([0x81, 0x00], role: .server) == .unmaskedFrameFromClient)
        #expect(firstError([0x81, 0x7E, 0x00, 0x05]) == .nonMinimalLength)
        #expect(firstError([0x81, 0x7F, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) == .nonMinimalLength)
        #expect(firstError([0x81, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0]) == .lengthHighBitSet)
        #expect(firstError([0x82, 0x7E, 0x01, 0x00], maxFrame: 255) == .frameTooLarge(256, limit: 255))
    }

    @Test func errorsMapToCloseCodes() {
        #expect(WebSocketProtocolError.reservedBitsSet.closeCode == 1002)
        #expect(WebSocketProtocolError.invalidUTF8.closeCode == 1007)
        #expect(WebSocketProtocolError.messageTooLarge(limit: 1).closeCode == 1009)
    }
}

@Suite struct WebSocketFrameEncoderTests {
    @Test func encodesUnmaskedAndMaskedHello() {
        let server = WebSocketFrameEncoder(role: .server)
        #expect(server.encode(WebSocketFrame(opcode: .text, payload: Array("Hello".utf8))) == [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
        let client = WebSocketFrameEncoder(role: .client, maskKey: { (0x37, 0xfa, 0x21, 0x3d) })
        #expect(client.encode(WebSocketFrame(opcode: .text, payload: Array("Hello".utf8)))
            == [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])
    }

    @Test func encodesExtendedLengthsThatDecodeBack() throws {
        let client = WebSocketFrameEncoder(role: .client)
        for n in [125, 126, 65535, 65536] {
            let frame = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 9, count: n))
            let bytes = client.encode(frame)
            #expect(bytes[1] & 0x7F == (n < 126 ? UInt8(n) : n <= 0xFFFF ? 126 : 127))
            var d = WebSocketFrameDecoder(role: .server, maxFrameSize: 1 << 20)
            d.append(bytes)
            #expect(try d.next() == frame)
        }
    }

    @Test func closeReasonIsCutAtACharacterBoundary() throws {
        let server = WebSocketFrameEncoder(role: .server)
        let bytes = server.encodeClose(code: 1000, reason: "x" + String(repeating: "é", count: 100))
        #expect(bytes.count <= 127)
        var d = WebSocketFrameDecoder(role: .client, maxFrameSize: 1000)
        d.append(bytes)
        var a = WebSocketMessageAssembler(maxMessageSize: 1000)
        let frame = try #require(try d.next())
        guard case let .close(code, reason)? = try a.consume(frame) else { Issue.record("no close"); return }
        #expect(code == 1000)
        #expect(reason == "x" + String(repeating: "é", count: 61))
    }
}
