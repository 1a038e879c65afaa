import Foundation
import Testing
@testable import UCBridge

/// Mutated configs must come back as a Config or a ConfigError — never a crash, a hang or a
/// secret in the message.
@Suite struct ConfigFuzzTests {
    /// xorshift64*: deterministic, so a failure reproduces from the seed.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let seedDocument = minimalYAML + """
      tls: { verify: true }
      reconnect: { initial_seconds: 1, max_seconds: 60 }
    subscribe:
      presence: { contacts: ["sip:a@example.com", 'sip:b@example.com'] }
      cti: { lines: [tel:1] }
      journal: { enabled: yes, catch_up_days: 7 }
    api: { mode: "0660", allow: { uids: [0], groups: [ucbridge] } }
    webhooks:
      - name: crm
        url: https://crm.example.com/h
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        headers: { Authorization: "Bearer zz-token" }
        retry: { max_attempts: 3 }
    log:
      level: info

    """

    @Test func seedDocumentIsValid() {
        #expect(configProblems(Self.seedDocument) == [])
    }

    @Test func mutatedDocumentsReturnConfigOrError() {
        var random = SeededRandom(state: 0x5EED_C0F1_6000_0001)
        let original = Array(Self.seedDocument.utf8)
        let alphabet = Array(":-[]{},#&*!|>'\"\n \t?%@`\\".utf8)
        var loaded = 0, rejected = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                guard !bytes.isEmpty else { break }
                let i = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: bytes[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
                case 1: bytes.removeSubrange(i...)
                case 2: bytes[i] = UInt8.random(in: 0...255, using: &random)
                case 3: bytes.insert(alphabet.randomElement(using: &random)!, at: i)
                default: bytes.remove(at: i)
                }
            }
            do {
                _ = try ConfigLoader.parse(bytes: bytes, path: "f.yaml")
                loaded += 1
            } catch {
                rejected += 1
                #expect(!error.problems.isEmpty)
                #expect(!error.description.contains("zz-token"))
                for problem in error.problems {
                    if case .invalid(let path, let line, let column, _) = problem {
                        #expect(path == "f.yaml" && line >= 1 && column >= 1)
                    }
                }
            }
        }
        #expect(loaded + rejected == 3000)
        #expect(rejected > 0)
    }
}
