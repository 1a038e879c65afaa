import CCrypto
import Foundation

/// Standard Webhooks signing (ARCHITECTURE.md section 5): `v1,` + base64 of HMAC-SHA256 over
/// `{id}.{timestamp}.{body}`, keyed with the base64-decoded part of a `whsec_` secret.
public enum WebhookSignature {
    /// Why a configured secret cannot sign. The secret itself is never part of the message.
    public enum SecretError: Error, Equatable, CustomStringConvertible {
        case notBase64

        public var description: String {
            switch self {
            case .notBase64: return "webhook secret is not base64 after the whsec_ prefix"
            }
        }
    }

    /// The HMAC key of a secret: base64 after `whsec_`. A secret without the prefix is
    /// accepted too, as the Standard Webhooks libraries do.
    public static func key(secret: String) throws(SecretError) -> [UInt8] {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        guard let data = Data(base64Encoded: encoded), !data.isEmpty else { throw .notBase64 }
        return [UInt8](data)
    }

    /// One `v1,…` signature; empty when the secret is not valid base64 (config validation
    /// rejects such secrets before they reach a sink).
    public static func sign(secret: String, id: String, timestamp: Int64, body: [UInt8]) -> String {
        guard let key = try? key(secret: secret) else { return "" }
        return sign(key: key, id: id, timestamp: timestamp, body: body)
    }

    /// Signs with an already decoded key, so that a dispatcher decodes its secrets once.
    public static func sign(key: [UInt8], id: String, timestamp: Int64, body: [UInt8]) -> String {
        var message = [UInt8]()
        message.reserveCapacity(id.utf8.count + 22 + body.count)
        message.append(contentsOf: id.utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: String(timestamp).utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                digest.withUnsafeMutableBufferPointer { d in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, d.baseAddress, &length)
                }
            }
        }
        guard ok != nil else { return "" }
        return "v1," + Data(digest[0..<Int(length)]).base64EncodedString()
    }

    /// The `webhook-signature` header value: during a rotation every secret signs, and the
    /// signatures are separated by spaces so that a receiver knowing any one secret verifies.
    public static func header(keys: [[UInt8]], id: String, timestamp: Int64, body: [UInt8]) -> String {
        keys.map { sign(key: $0, id: id, timestamp: timestamp, body: body) }.joined(separator: " ")
    }
}
