/// A node of a parsed YAML document, with the 1-based line and column where it starts so that
/// every config error can point at the exact spot. Only what a config file needs: scalars,
/// sequences and mappings (anchors, aliases and multiple documents are rejected by the reader).
struct YAMLNode: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        /// `plain` is false for quoted and block scalars: `"30"` is a string, `30` may be a
        /// number, `"null"` is text while a plain `null`, `~` or nothing is null.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    var value: Value
    var line: Int
    var column: Int

    /// A plain scalar that YAML reads as null (`~`, `null`, or no value at all).
    var isNull: Bool {
        if case .scalar(let text, plain: true) = value {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// How the node is named in "expected …, got …" messages.
    var kindName: String {
        switch value {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

struct YAMLPair: Sendable, Equatable {
    var key: YAMLNode
    var value: YAMLNode
}
