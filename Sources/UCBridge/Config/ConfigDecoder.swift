import Foundation

/// Decodes a `YAMLNode` tree into `Config`, collecting every problem instead of stopping at the
/// first. This file holds the typed accessors; the sections live in `ConfigDecoder+*.swift`.
/// Pure except for reading the `*_file` secrets and the contacts file the config names.
struct ConfigDecoder {
    let path: String
    let environment: [String: String]
    var problems: [ConfigError.Problem] = []

    init(path: String, environment: [String: String]) {
        self.path = path
        self.environment = environment
    }

    mutating func report(_ node: YAMLNode, _ message: String) {
        problems.append(.invalid(path: path, line: node.line, column: node.column, message: message))
    }

    /// Opens a mapping, reporting keys that are not in `keys`. Returns nil (after reporting)
    /// when the node is not a mapping; a null node is an empty mapping.
    mutating func mapping(_ node: YAMLNode, name: String, keys: [String]) -> YAMLMapping? {
        if node.isNull { return YAMLMapping(node: node, name: name, pairs: [:]) }
        guard case .mapping(let pairs) = node.value else {
            report(node, "\(name.isEmpty ? "the top level" : name): expected a mapping, got \(Self.describe(node))")
            return nil
        }
        var byKey: [String: YAMLPair] = [:]
        for pair in pairs {
            guard case .scalar(let key, _) = pair.key.value else {
                report(pair.key, "\(name.isEmpty ? "the top level" : name): expected a key name, got \(pair.key.kindName)")
                continue
            }
            guard keys.contains(key) else {
                let place = name.isEmpty ? "at the top level" : "in \(name)"
                // A malformed line can fold a value into its key; echo only plain names so a
                // mistyped `secret "whsec_…":` cannot print the secret.
                let shown = Self.isPlainName(key) ? "unknown key \(Self.quote(key))" : "unknown key (not shown: not a plain name)"
                report(pair.key, "\(shown) \(place); expected one of: \(keys.joined(separator: ", "))")
                continue
            }
            if byKey[key] == nil { byKey[key] = pair }
        }
        return YAMLMapping(node: node, name: name, pairs: byKey)
    }

    /// The section under `key`, or nil when absent or not a mapping (reported).
    mutating func section(_ m: YAMLMapping, _ key: String, keys: [String]) -> YAMLMapping? {
        guard let node = m.value(key) else { return nil }
        return mapping(node, name: m.path(key), keys: keys)
    }

    mutating func string(_ m: YAMLMapping, _ key: String, nonEmpty: Bool = true) -> String? {
        guard let node = m.value(key) else { return nil }
        guard case .scalar(let text, _) = node.value else {
            report(node, "\(m.path(key)): expected a string, got \(Self.describe(node))")
            return nil
        }
        if nonEmpty && text.trimmingCharacters(in: .whitespaces).isEmpty {
            report(node, "\(m.path(key)): must not be empty")
            return nil
        }
        return text
    }

    /// A number of seconds, hours, … that must be greater than zero.
    mutating func positiveDouble(_ m: YAMLMapping, _ key: String) -> Double? {
        guard let node = m.value(key) else { return nil }
        guard case .scalar(let text, _) = node.value, let value = Double(Self.numeral(text)), value.isFinite else {
            report(node, "\(m.path(key)): expected a number, got \(Self.describe(node))")
            return nil
        }
        guard value > 0 else {
            report(node, "\(m.path(key)): must be greater than 0, got \(text)")
            return nil
        }
        return value
    }

    mutating func int(_ m: YAMLMapping, _ key: String, min: Int) -> Int? {
        guard let node = m.value(key) else { return nil }
        return int(node, name: m.path(key), min: min)
    }

    mutating func int(_ node: YAMLNode, name: String, min: Int) -> Int? {
        guard case .scalar(let text, _) = node.value, let value = Int(Self.numeral(text)) else {
            report(node, "\(name): expected an integer, got \(Self.describe(node))")
            return nil
        }
        guard value >= min else {
            report(node, "\(name): must be at least \(min), got \(text)")
            return nil
        }
        return value
    }

    mutating func bool(_ m: YAMLMapping, _ key: String) -> Bool? {
        guard let node = m.value(key) else { return nil }
        if case .scalar(let text, _) = node.value {
            switch text.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        report(node, "\(m.path(key)): expected true or false, got \(Self.describe(node))")
        return nil
    }

    /// A list of non-empty strings; nil when absent or wrong (reported).
    mutating func stringList(_ m: YAMLMapping, _ key: String) -> [String]? {
        guard let node = m.value(key) else { return nil }
        return stringList(node, name: m.path(key))
    }

    mutating func stringList(_ node: YAMLNode, name: String) -> [String]? {
        guard case .sequence(let items) = node.value else {
            report(node, "\(name): expected a list of strings, got \(Self.describe(node))")
            return nil
        }
        var result: [String] = []
        var ok = true
        for (i, item) in items.enumerated() {
            guard case .scalar(let text, _) = item.value, !item.isNull, !text.isEmpty else {
                report(item, "\(name)[\(i)]: expected a non-empty string, got \(Self.describe(item))")
                ok = false
                continue
            }
            result.append(text)
        }
        return ok ? result : nil
    }

    /// An http or https URL; userinfo in it is masked when echoed back.
    mutating func httpURL(_ m: YAMLMapping, _ key: String) -> String? {
        guard let text = string(m, key), let node = m.value(key) else { return nil }
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty
        else {
            report(node, "\(m.path(key)): expected an http or https URL, got \(Self.quote(URLMasking.mask(text)))")
            return nil
        }
        return text
    }

    // MARK: - Message helpers

    static func isPlainName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    /// YAML allows `5_000_000` and a leading `+`.
    static func numeral(_ text: String) -> String {
        var t = text.replacingOccurrences(of: "_", with: "")
        if t.hasPrefix("+") { t.removeFirst() }
        return t
    }

    /// `"abc"` for a scalar, `a list` / `a mapping` / `nothing` otherwise.
    static func describe(_ node: YAMLNode) -> String {
        if node.isNull { return "nothing" }
        if case .scalar(let text, _) = node.value { return quote(text) }
        return node.kindName
    }

    /// A value quoted for an error message, clipped so a huge scalar cannot flood the output.
    static func quote(_ text: String) -> String {
        var clipped = String(text.prefix(80))
        if clipped.count < text.count { clipped += "…" }
        return ConfigRenderer.quote(clipped)
    }
}

/// A YAML mapping opened by `ConfigDecoder.mapping`: its keys already checked against the
/// allowed ones, its dotted path kept for messages.
struct YAMLMapping {
    let node: YAMLNode
    /// Dotted path for messages: `server.tls`, `webhooks[0]`; empty at the top level.
    let name: String
    let pairs: [String: YAMLPair]

    func path(_ key: String) -> String { name.isEmpty ? key : "\(name).\(key)" }

    /// The value under `key`; nil when the key is absent or its value is null.
    func value(_ key: String) -> YAMLNode? {
        guard let pair = pairs[key], !pair.value.isNull else { return nil }
        return pair.value
    }

    /// The key node itself (for positions), even when its value is null.
    func keyNode(_ key: String) -> YAMLNode? { pairs[key]?.key }

    func has(_ key: String) -> Bool { value(key) != nil }
}
