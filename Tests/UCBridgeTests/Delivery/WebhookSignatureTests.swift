import Foundation
import Testing
@testable import UCBridge

@Suite struct WebhookSignatureTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let body = Array(#"{"test": 2432232314}"#.utf8)

    @Test func matchesTheStandardWebhooksTestVector() {
        let signature = WebhookSignature.sign(secret: Self.secret, id: Self.id, timestamp: 1_614_265_330, body: Self.body)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func signatureChangesWithTimestampAndBody() {
        let base = WebhookSignature.sign(secret: Self.secret, id: Self.id, timestamp: 1_614_265_330, body: Self.body)
        #expect(WebhookSignature.sign(secret: Self.secret, id: Self.id, timestamp: 1_614_265_331, body: Self.body) != base)
        #expect(WebhookSignature.sign(secret: Self.secret, id: Self.id, timestamp: 1_614_265_330, body: Self.body + [0x20]) != base)
    }

    @Test func everySecretSignsDuringARotation() throws {
        let other = "whsec_" + Data(repeating: 7, count: 24).base64EncodedString()
        let keys = [try WebhookSignature.key(secret: Self.secret), try WebhookSignature.key(secret: other)]
        let header = WebhookSignature.header(keys: keys, id: Self.id, timestamp: 1_614_265_330, body: Self.body)
        let parts = header.split(separator: " ").map(String.init)
        #expect(parts == [
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSignature.sign(secret: other, id: Self.id, timestamp: 1_614_265_330, body: Self.body),
        ])
    }

    @Test func rejectsASecretThatIsNotBase64WithoutQuotingIt() {
        #expect(throws: WebhookSignature.SecretError.notBase64) { try WebhookSignature.key(secret: "whsec_not base64!!") }
        #expect(!"\(WebhookSignature.SecretError.notBase64)".contains("not base64!!"))
        #expect(WebhookSignature.sign(secret: "whsec_%%%", id: "x", timestamp: 1, body: []) == "")
    }
}
