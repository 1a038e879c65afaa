import Foundation

/// The sections of ARCHITECTURE.md section 7: which keys each allows and how each is checked.
extension ConfigDecoder {
    static let topKeys = ["server", "subscribe", "store", "api", "webhooks", "log"]
    static let serverKeys = ["url", "ucconnect", "ucsid", "username", "password", "password_file", "token",
                             "token_file", "tls", "keepalive_seconds", "request_timeout_seconds", "reconnect",
                             "max_message_bytes"]
    static let tlsKeys = ["ca_file", "verify"]

    mutating func decode(_ root: YAMLNode?) -> Config {
        var config = Config()
        config.sourcePath = path
        let rootNode = root ?? YAMLNode(value: .scalar("", plain: true), line: 1, column: 1)
        guard let top = mapping(rootNode, name: "", keys: Self.topKeys) else { return config }
        if let server = section(top, "server", keys: Self.serverKeys) {
            config.server = decodeServer(server)
        } else if !top.has("server") {
            report(rootNode, "server is required")
        }
        if let subscribe = section(top, "subscribe", keys: ["presence", "cti", "journal"]) {
            config.subscribe = decodeSubscribe(subscribe)
        }
        if let store = section(top, "store", keys: ["path", "retention"]) {
            config.store = decodeStore(store)
        }
        if let api = section(top, "api", keys: ["socket", "mode", "allow"]) {
            config.api = decodeAPI(api)
        }
        if let node = top.value("webhooks") {
            config.webhooks = decodeWebhooks(node)
        }
        if let log = section(top, "log", keys: ["level"]), let node = log.value("level"), let text = string(log, "level") {
            if let level = LogLevel(name: text) {
                config.log.level = level
            } else {
                let names = LogLevel.allCases.sorted { $0.rawValue > $1.rawValue }.map(\.name)
                report(node, "log.level: expected one of \(names.joined(separator: ", ")), got \(Self.quote(text))")
            }
        }
        return config
    }

    mutating func decodeServer(_ m: YAMLMapping) -> ServerConfig {
        var server = ServerConfig()
        if m.has("url"), m.has("ucconnect"), let node = m.keyNode("ucconnect") {
            report(node, "server: give either url or ucconnect, not both")
        } else if !m.has("url") && !m.has("ucconnect") {
            report(m.node, "server.url is required (or server.ucconnect)")
        }
        server.url = httpURL(m, "url")
        if let uc = section(m, "ucconnect", keys: ["controller", "ucsid"]) {
            var ucconnect = UCConnectConfig()
            if let controller = httpURL(uc, "controller") { ucconnect.controller = controller }
            if let ucsid = string(uc, "ucsid") {
                ucconnect.ucsid = ucsid
                server.ucsid = ucsid
            } else if !uc.has("ucsid") {
                report(uc.node, "server.ucconnect.ucsid is required")
            }
            server.ucconnect = ucconnect
        }
        if let ucsid = string(m, "ucsid") { server.ucsid = ucsid }
        if let username = string(m, "username") {
            server.username = username
        } else if !m.has("username") {
            report(m.node, "server.username is required")
        }
        serverCredentials(m, into: &server)
        if let tls = decodeTLS(m) { server.tls = tls }
        if let v = positiveDouble(m, "keepalive_seconds") { server.keepaliveSeconds = v }
        if let v = positiveDouble(m, "request_timeout_seconds") { server.requestTimeoutSeconds = v }
        if let r = section(m, "reconnect", keys: ["initial_seconds", "max_seconds"]) {
            if let v = positiveDouble(r, "initial_seconds") { server.reconnect.initialSeconds = v }
            if let v = positiveDouble(r, "max_seconds") { server.reconnect.maxSeconds = v }
            if server.reconnect.initialSeconds > server.reconnect.maxSeconds, let node = r.value("initial_seconds") ?? r.value("max_seconds") {
                report(node, "server.reconnect.initial_seconds (\(ConfigRenderer.number(server.reconnect.initialSeconds))) "
                    + "must not exceed max_seconds (\(ConfigRenderer.number(server.reconnect.maxSeconds)))")
            }
        }
        if let v = int(m, "max_message_bytes", min: 1024) { server.maxMessageBytes = v }
        return server
    }

    /// The optional `tls` section of the server or a webhook; `ca_file` must be readable.
    mutating func decodeTLS(_ parent: YAMLMapping) -> TLSConfig? {
        guard let m = section(parent, "tls", keys: Self.tlsKeys) else { return nil }
        var tls = TLSConfig()
        if let file = string(m, "ca_file"), let node = m.value("ca_file") {
            do {
                _ = try ConfigFileReader.read(file, limit: 16 * 1024 * 1024)
                tls.caFile = file
            } catch {
                report(node, "\(m.path("ca_file")): cannot read \(file): \(error.reason)")
            }
        }
        if let verify = bool(m, "verify") { tls.verify = verify }
        return tls
    }

    mutating func decodeSubscribe(_ m: YAMLMapping) -> SubscribeConfig {
        var subscribe = SubscribeConfig()
        if let p = section(m, "presence", keys: ["contacts", "contacts_file"]) {
            if let contacts = stringList(p, "contacts") { subscribe.presence.contacts = contacts }
            if let file = string(p, "contacts_file"), let node = p.value("contacts_file") {
                subscribe.presence.contactsFile = file
                if let contacts = readContactsFile(file, at: node) { subscribe.presence.contactsFromFile = contacts }
            }
        }
        if let c = section(m, "cti", keys: ["lines"]), let node = c.value("lines") {
            switch node.value {
            case .scalar(let text, _) where text == "all": subscribe.cti.lines = .all
            case .scalar(let text, _) where text == "none": subscribe.cti.lines = .none
            case .sequence:
                if let lines = stringList(node, name: "subscribe.cti.lines") { subscribe.cti.lines = .list(lines) }
            default:
                report(node, "subscribe.cti.lines: expected all, none or a list of line URIs, got \(Self.describe(node))")
            }
        }
        if let j = section(m, "journal", keys: ["enabled", "catch_up_days"]) {
            if let v = bool(j, "enabled") { subscribe.journal.enabled = v }
            if let v = int(j, "catch_up_days", min: 0) { subscribe.journal.catchUpDays = v }
        }
        return subscribe
    }

    /// Problems inside the contacts file point into that file; "cannot read" points at the key.
    mutating func readContactsFile(_ file: String, at node: YAMLNode) -> [String]? {
        let bytes: [UInt8]
        do { bytes = try ConfigFileReader.read(file, limit: ContactsFile.limit) } catch {
            report(node, "subscribe.presence.contacts_file: cannot read \(file): \(error.reason)")
            return nil
        }
        do { return try ContactsFile.parse(String(decoding: bytes, as: UTF8.self), path: file) } catch {
            problems += error.problems
            return nil
        }
    }

    mutating func decodeStore(_ m: YAMLMapping) -> StoreConfig {
        var store = StoreConfig()
        if let path = string(m, "path") { store.path = path }
        if let r = section(m, "retention", keys: ["max_age_days", "max_events"]) {
            if let v = int(r, "max_age_days", min: 1) { store.retention.maxAgeDays = v }
            if let v = int(r, "max_events", min: 1) { store.retention.maxEvents = v }
        }
        return store
    }

    mutating func decodeAPI(_ m: YAMLMapping) -> APIConfig {
        var api = APIConfig()
        if let socket = string(m, "socket") { api.socket = socket }
        if let node = m.value("mode"), let text = string(m, "mode") {
            // Always octal, as chmod reads it: "0660", 0660 or 660 (never YAML 1.1's plain-octal 432).
            let digits = text.hasPrefix("0o") ? String(text.dropFirst(2)) : text
            if (3...4).contains(digits.count), digits.allSatisfy({ ("0"..."7").contains($0) }),
               let mode = UInt32(digits, radix: 8), mode <= 0o777 {
                api.mode = mode
            } else {
                report(node, "api.mode: expected an octal file mode like \"0660\", got \(Self.quote(text))")
            }
        }
        if let allow = section(m, "allow", keys: ["uids", "groups"]) {
            if let node = allow.value("uids") {
                if case .sequence(let items) = node.value {
                    var uids: [UInt32] = []
                    for (i, item) in items.enumerated() {
                        if let uid = int(item, name: "api.allow.uids[\(i)]", min: 0) {
                            if let u = UInt32(exactly: uid) { uids.append(u) } else {
                                report(item, "api.allow.uids[\(i)]: \(uid) is not a valid uid")
                            }
                        }
                    }
                    api.allowUIDs = uids
                } else {
                    report(node, "api.allow.uids: expected a list of uids, got \(Self.describe(node))")
                }
            }
            if let groups = stringList(allow, "groups") { api.allowGroups = groups }
        }
        return api
    }
}
