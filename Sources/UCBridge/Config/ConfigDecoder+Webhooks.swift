/// The `webhooks` list: each sink named uniquely, with an http(s) URL and at least one
/// `whsec_` signing secret.
extension ConfigDecoder {
    static let webhookKeys = ["name", "url", "secret", "secret_file", "events", "headers", "timeout_seconds",
                              "max_in_flight", "retry", "include_raw", "tls"]
    /// Headers ucbridge sets itself; a config must not override them.
    static let reservedHeaders: Set<String> = ["content-type", "content-length", "host", "webhook-id",
                                               "webhook-timestamp", "webhook-signature", "transfer-encoding"]

    mutating func decodeWebhooks(_ node: YAMLNode) -> [WebhookConfig] {
        guard case .sequence(let items) = node.value else {
            report(node, "webhooks: expected a list of webhooks, got \(Self.describe(node))")
            return []
        }
        var sinks: [WebhookConfig] = []
        var names: [String: YAMLNode] = [:]
        for (i, item) in items.enumerated() {
            guard let m = mapping(item, name: "webhooks[\(i)]", keys: Self.webhookKeys) else { continue }
            if item.isNull {
                report(item, "webhooks[\(i)]: expected a mapping, got nothing")
                continue
            }
            let name = webhookName(m)
            if let name, let nameNode = m.value("name") {
                if let first = names[name] {
                    report(nameNode, "webhooks[\(i)].name: duplicate webhook name \(Self.quote(name)) "
                        + "(first at line \(first.line), column \(first.column))")
                } else {
                    names[name] = nameNode
                }
            }
            let url = httpURL(m, "url")
            if !m.has("url") { report(m.node, "webhooks[\(i)].url is required") }
            var sink = WebhookConfig(name: name ?? "", url: url ?? "")
            sink.secrets = webhookSecrets(m, name: name)
            if let events = stringList(m, "events") {
                for (j, glob) in events.enumerated() where glob != "*" && !glob.hasPrefix("ucbridge.") {
                    if case .sequence(let nodes) = m.value("events")?.value {
                        report(nodes[j], "webhooks[\(i)].events[\(j)]: expected an event type glob like "
                            + "\"ucbridge.call.*\" or \"*\", got \(Self.quote(glob))")
                    }
                }
                sink.events = events
            }
            sink.headers = headers(m)
            if let v = positiveDouble(m, "timeout_seconds") { sink.timeoutSeconds = v }
            if let v = int(m, "max_in_flight", min: 1) { sink.maxInFlight = v }
            if let r = section(m, "retry", keys: ["max_attempts", "max_age_hours", "initial_seconds", "max_seconds"]) {
                if let v = int(r, "max_attempts", min: 1) { sink.retry.maxAttempts = v }
                if let v = positiveDouble(r, "max_age_hours") { sink.retry.maxAgeHours = v }
                if let v = positiveDouble(r, "initial_seconds") { sink.retry.initialSeconds = v }
                if let v = positiveDouble(r, "max_seconds") { sink.retry.maxSeconds = v }
                if sink.retry.initialSeconds > sink.retry.maxSeconds, let node = r.value("initial_seconds") ?? r.value("max_seconds") {
                    report(node, "\(r.path("initial_seconds")) (\(ConfigRenderer.number(sink.retry.initialSeconds))) "
                        + "must not exceed max_seconds (\(ConfigRenderer.number(sink.retry.maxSeconds)))")
                }
            }
            if let v = bool(m, "include_raw") { sink.includeRaw = v }
            if let tls = decodeTLS(m) { sink.tls = tls }
            sinks.append(sink)
        }
        return sinks
    }

    /// Names appear in the API, metrics labels and credential names: keep them simple.
    private mutating func webhookName(_ m: YAMLMapping) -> String? {
        guard let node = m.value("name") else {
            report(m.node, "\(m.path("name")) is required")
            return nil
        }
        guard let name = string(m, "name") else { return nil }
        guard Self.isPlainName(name) else {
            report(node, "\(m.path("name")): expected letters, digits, \"-\", \"_\" or \".\" (at most 64), got \(Self.quote(name))")
            return nil
        }
        return name
    }

    /// Header values may be credentials (`Authorization`), so they never enter a message.
    private mutating func headers(_ m: YAMLMapping) -> [(String, String)] {
        guard let node = m.value("headers") else { return [] }
        guard case .mapping(let pairs) = node.value else {
            report(node, "\(m.path("headers")): expected a mapping of header names to values, got \(node.kindName)")
            return []
        }
        var result: [(String, String)] = []
        var seen = Set<String>()
        let tokenChars = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for pair in pairs {
            guard case .scalar(let name, _) = pair.key.value, !name.isEmpty, name.allSatisfy({ tokenChars.contains($0) }) else {
                // Not echoed: a broken line may have folded the (secret) value into the name.
                report(pair.key, "\(m.path("headers")): expected a header name (letters, digits and !#$%&'*+-.^_`|~)")
                continue
            }
            let place = "\(m.path("headers")).\(name)"
            if Self.reservedHeaders.contains(name.lowercased()) {
                report(pair.key, "\(place): set by ucbridge, cannot be overridden")
                continue
            }
            if !seen.insert(name.lowercased()).inserted {
                report(pair.key, "\(place): given twice")
                continue
            }
            guard case .scalar(let value, _) = pair.value.value, !pair.value.isNull else {
                report(pair.value, "\(place): expected a string value, got \(pair.value.isNull ? "nothing" : pair.value.kindName)")
                continue
            }
            guard !value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                report(pair.value, "\(place): the value must not contain line breaks")
                continue
            }
            result.append((name, value))
        }
        return result
    }
}
