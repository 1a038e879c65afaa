/// `AsnRequestError`, the error of every operation (PROTOCOL.md section 2.4). The seed calls
/// the text `u8sErrorMessage` in places; the SDK only has `u8sErrorString`.
public struct RequestError: Sendable, Equatable, CustomStringConvertible {
    /// Operation-specific code; more reliable than the ROSE `error_value`.
    public var detail: Int64
    public var text: String

    public init(detail: Int64, text: String) {
        self.detail = detail
        self.text = text
    }

    /// Never throws for an object: both members default (0, "").
    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnRequestError")
        detail = json.int("iErrorDetail") ?? 0
        text = json.string("u8sErrorString", "u8sErrorMessage") ?? ""
    }

    public var json: JSONValue { ["iErrorDetail": .int(detail), "u8sErrorString": .string(text)] }

    public var description: String { "\(text) (\(detail))" }
}
