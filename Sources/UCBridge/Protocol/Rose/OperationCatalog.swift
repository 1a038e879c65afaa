/// Every operation of the SDK's ASN.1 files (PROTOCOL.md section 12, `operations.tsv`).
///
/// The session dispatches by `operationID`; this table covers the two cases where the id alone
/// is not enough: an invoke with `operationID` 0 that names its operation (the C++ runtime
/// resolves those by name), and unknown events, which are logged by name so an operator can
/// tell "a V1 presence event" from garbage.
public enum OperationCatalog {
    public enum Kind: String, Sendable {
        /// Has a RESULT: an invoke expects an answer.
        case operation
        /// No RESULT: never answered.
        case event
    }

    public struct Entry: Sendable, Equatable {
        public let id: Int64
        public let name: String
        public let kind: Kind
        /// ASN.1 file the operation comes from, e.g. `ENetUC_CTI`.
        public let module: String

        public var operation: RoseOperation { RoseOperation(id: id, name: name) }
    }

    public static var all: [Entry] { entries }

    public static func entry(id: Int64) -> Entry? {
        var low = 0
        var high = entries.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let candidate = entries[mid]
            if candidate.id == id { return candidate }
            if candidate.id < id { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    public static func entry(name: String) -> Entry? { byName[name] }

    /// Resolves an inbound invoke's operation: by id, or by name when the id is 0 or unknown.
    public static func resolve(id: Int64, name: String?) -> Entry? {
        if id != 0, let hit = entry(id: id) { return hit }
        guard let name, !name.isEmpty else { return nil }
        return entry(name: name)
    }

    private static let byName: [String: Entry] = {
        var map: [String: Entry] = [:]
        for e in entries { map[e.name] = e }
        return map
    }()
}
