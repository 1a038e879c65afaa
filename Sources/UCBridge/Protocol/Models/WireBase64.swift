import Foundation

/// OCTET STRING values (PROTOCOL.md section 3.2): the TypeScript stub omits `=` padding,
/// which Foundation rejects, so pad before decoding.
public enum WireBase64 {
    public static func decode(_ text: String) -> [UInt8]? {
        var s = text.filter { !$0.isWhitespace }
        let rem = s.utf8.count % 4
        if rem == 1 { return nil }
        if rem > 0 { s += String(repeating: "=", count: 4 - rem) }
        return Data(base64Encoded: s).map { [UInt8]($0) }
    }

    public static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
