/// Why a protocol model could not be decoded. Only the identifying member of a structure is
/// required (PROTOCOL.md section 11: reduced infos, partial updates, unknown members); every
/// other member is optional on the way in, so this error is rare by design.
public enum ModelDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The value is not a JSON object.
    case notAnObject(type: String)
    /// The member that identifies the structure is missing or not a string.
    case missingMember(String, type: String)

    public var description: String {
        switch self {
        case let .notAnObject(type): return "\(type): not a JSON object"
        case let .missingMember(member, type): return "\(type): missing \(member)"
        }
    }
}
