import Testing
@testable import UCBridge

/// Deterministic fuzzing without libFuzzer: seeded random and mutated inputs must end in frames,
/// messages or typed errors, never a crash or a hang.
@Suite struct FuzzTests {
    /// SplitMix64: reproducible from the seed printed in a failure.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Valid frames to mutate: mutations of real traffic reach deeper states than pure noise.
    static let seeds: [[UInt8]] = {
        let e = WebSocketFrameEncoder(role: .server)
        return [
            e.encode(WebSocketFrame(opcode: .text, payload: Array(#"{"invokeID":1,"operationName":"asnX"}"#.utf8))),
            e.encode(WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)))
                + e.encode(WebSocketFrame(opcode: .ping, payload: [1, 2]))
                + e.encode(WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8))),
            e.encode(WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0x5A, count: 300))),
            e.encodeClose(code: 1000, reason: "bye"),
        ]
    }()

    @Test func decoderAndAssemblerSurviveRandomAndMutatedStreams() {
        var rng = SeededGenerator(state: 0x5EED_0001)
        var frames = 0, errors = 0
        for i in 0..<200_000 {
            var input: [UInt8]
            if i % 2 == 0 {
                input = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                input = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &rng)]
                for _ in 0..<Int.random(in: 1...3, using: &rng) where !input.isEmpty {
                    input[Int.random(in: 0..<input.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            var decoder = WebSocketFrameDecoder(role: .client, maxFrameSize: 512)
            var assembler = WebSocketMessageAssembler(maxMessageSize: 512)
            // Split the input at a random point so partial-header paths are exercised too.
            let cut = input.isEmpty ? 0 : Int.random(in: 0...input.count, using: &rng)
            do {
                for part in [input[..<cut], input[cut...]] {
                    decoder.append(part)
                    while let frame = try decoder.next() {
                        frames += 1
                        _ = try assembler.consume(frame)
                    }
                }
            } catch {
                errors += 1
            }
        }
        // Both paths must actually be exercised for the loop to mean anything.
        #expect(frames > 10_000)
        #expect(errors > 10_000)
    }

    @Test func jsonParserSurvivesRandomAndMutatedDocuments() {
        var rng = SeededGenerator(state: 0x5EED_0002)
        let seed = Array(#"{"invokeID":12,"operationName":"asnUpdatePresenceV2","argument":{"a":[1,-2.5e3,true,null,"x\u00e9\n"],"b":{}}}"#.utf8)
        let alphabet = Array(#"{}[]":,\-+.0123456789eEtrufalsn u"#.utf8) + [0x80, 0xC3, 0xFF, 0x00]
        var parsed = 0, failed = 0
        for i in 0..<200_000 {
            var input = seed
            if i % 3 == 0 {
                input = (0..<Int.random(in: 0...30, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let at = Int.random(in: 0..<input.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: input[at] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                    case 1: input.remove(at: at)
                    default: input.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: at)
                    }
                    if input.isEmpty { break }
                }
            }
            do {
                _ = try JSONParser.parse(input)
                parsed += 1
            } catch {
                failed += 1
            }
        }
        #expect(parsed > 1_000)
        #expect(failed > 1_000)
    }

    @Test func deeplyNestedJSONIsRejectedNotACrash() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
    }
}
