import Foundation

/// Prints the effective config (defaults filled in) as YAML for `ucbridge check-config`.
/// Secrets and webhook header values print as `"********"` with their origin as a comment;
/// credentials inside URLs are masked too.
public enum ConfigRenderer {
    static let mask = "\"********\""

    public static func render(_ config: Config) -> String {
        var out = YAMLLines()
        if let source = config.sourcePath { out.comment("effective configuration from \(source); secrets masked") }
        renderServer(config.server, &out)
        renderSubscribe(config.subscribe, &out)
        let store = config.store
        out.key("store", 0)
        out.line("path: \(quote(store.path))", 1)
        out.key("retention", 1)
        out.line("max_age_days: \(store.retention.maxAgeDays)", 2)
        out.line("max_events: \(store.retention.maxEvents)", 2)
        let api = config.api
        out.key("api", 0)
        out.line("socket: \(quote(api.socket))", 1)
        out.line("mode: \"0\(String(api.mode, radix: 8))\"", 1)
        out.key("allow", 1)
        out.line("uids: [\(api.allowUIDs.map(String.init).joined(separator: ", "))]", 2)
        out.line("groups: \(list(api.allowGroups))", 2)
        if config.webhooks.isEmpty {
            out.line("webhooks: []", 0)
        } else {
            out.key("webhooks", 0)
            for sink in config.webhooks { renderWebhook(sink, &out) }
        }
        out.key("log", 0)
        out.line("level: \(config.log.level.name)", 1)
        return out.text
    }

    private static func renderServer(_ s: ServerConfig, _ out: inout YAMLLines) {
        out.key("server", 0)
        if let url = s.url { out.line("url: \(quote(URLMasking.mask(url)))", 1) }
        if let uc = s.ucconnect {
            out.key("ucconnect", 1)
            out.line("controller: \(quote(URLMasking.mask(uc.controller)))", 2)
            out.line("ucsid: \(quote(uc.ucsid))", 2)
        }
        out.line("ucsid: \(quote(s.ucsid))", 1)
        out.line("username: \(quote(s.username))", 1)
        if let password = s.password { out.secret("password", [password], 1) }
        if let token = s.token { out.secret("token", [token], 1) }
        renderTLS(s.tls, 1, &out)
        out.line("keepalive_seconds: \(number(s.keepaliveSeconds))", 1)
        out.line("request_timeout_seconds: \(number(s.requestTimeoutSeconds))", 1)
        out.key("reconnect", 1)
        out.line("initial_seconds: \(number(s.reconnect.initialSeconds))", 2)
        out.line("max_seconds: \(number(s.reconnect.maxSeconds))", 2)
        out.line("max_message_bytes: \(s.maxMessageBytes)", 1)
    }

    private static func renderSubscribe(_ s: SubscribeConfig, _ out: inout YAMLLines) {
        out.key("subscribe", 0)
        out.key("presence", 1)
        out.line("contacts: \(list(s.presence.contacts))", 2)
        if let file = s.presence.contactsFile {
            let n = s.presence.contactsFromFile.count
            out.line("contacts_file: \(quote(file))  # \(n) contact\(n == 1 ? "" : "s") in the file", 2)
        } else {
            out.line("contacts_file: null", 2)
        }
        out.key("cti", 1)
        switch s.cti.lines {
        case .all: out.line("lines: all", 2)
        case .none: out.line("lines: none", 2)
        case .list(let lines): out.line("lines: \(list(lines))", 2)
        }
        out.key("journal", 1)
        out.line("enabled: \(s.journal.enabled)", 2)
        out.line("catch_up_days: \(s.journal.catchUpDays)", 2)
    }

    private static func renderWebhook(_ w: WebhookConfig, _ out: inout YAMLLines) {
        out.line("- name: \(quote(w.name))", 1)
        out.line("url: \(quote(URLMasking.mask(w.url)))", 2)
        out.secret("secret", w.secrets, 2)
        out.line("events: \(list(w.events))", 2)
        if w.headers.isEmpty {
            out.line("headers: {}", 2)
        } else {
            out.key("headers", 2)
            for (name, _) in w.headers { out.line("\(quote(name)): \(mask)", 3) }
        }
        out.line("timeout_seconds: \(number(w.timeoutSeconds))", 2)
        out.line("max_in_flight: \(w.maxInFlight)", 2)
        out.key("retry", 2)
        out.line("max_attempts: \(w.retry.maxAttempts)", 3)
        out.line("max_age_hours: \(number(w.retry.maxAgeHours))", 3)
        out.line("initial_seconds: \(number(w.retry.initialSeconds))", 3)
        out.line("max_seconds: \(number(w.retry.maxSeconds))", 3)
        out.line("include_raw: \(w.includeRaw)", 2)
        renderTLS(w.tls, 2, &out)
    }

    private static func renderTLS(_ tls: TLSConfig, _ level: Int, _ out: inout YAMLLines) {
        out.key("tls", level)
        out.line("ca_file: \(tls.caFile.map(quote) ?? "null")", level + 1)
        out.line("verify: \(tls.verify)", level + 1)
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func list(_ items: [String]) -> String {
        "[" + items.map(quote).joined(separator: ", ") + "]"
    }

    /// A YAML double-quoted scalar.
    static func quote(_ text: String) -> String {
        var out = "\""
        for ch in text.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 || ch.value == 0x7F { out += String(format: "\\x%02X", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}

/// Indented YAML output, two spaces per level.
struct YAMLLines {
    private(set) var text = ""

    mutating func line(_ s: String, _ level: Int) {
        text += String(repeating: "  ", count: level) + s + "\n"
    }

    mutating func key(_ name: String, _ level: Int) { line("\(name):", level) }

    mutating func comment(_ s: String) { text += "# \(s)\n" }

    /// `key: "********"  # from ORIGIN` — never the value.
    mutating func secret(_ key: String, _ secrets: [Secret], _ level: Int) {
        guard !secrets.isEmpty else {
            line("\(key): null", level)
            return
        }
        let origins = secrets.reduce(into: [String]()) { if !$0.contains($1.origin) { $0.append($1.origin) } }
        var note = "from " + origins.joined(separator: ", ")
        if secrets.count > 1 { note += " (\(secrets.count) secrets)" }
        line("\(key): \(ConfigRenderer.mask)  # \(note)", level)
    }
}
