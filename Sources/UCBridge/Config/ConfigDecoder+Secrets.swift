import Foundation

/// Where secrets come from: the YAML itself, a `*_file` key, or a systemd credential in
/// `$CREDENTIALS_DIRECTORY` (`LoadCredential=`/`SetCredential=` in the unit). A credential is
/// used only when the YAML names neither the inline key nor its `*_file` key:
/// - `ucbridge.password` or `ucbridge.token` for `server.password` / `server.token`,
/// - `webhook.<name>.secret` for a webhook's `secret` (same format as `secret_file`).
extension ConfigDecoder {
    static let inlineOrigin = "the config file"

    /// `key` inline or `key_file` on disk; reports both being given. Nil when neither is.
    mutating func secretValue(_ m: YAMLMapping, _ key: String) -> (Secret, node: YAMLNode)? {
        let fileKey = key + "_file"
        if m.has(key), m.has(fileKey), let node = m.keyNode(fileKey) {
            report(node, "\(m.name): give either \(key) or \(fileKey), not both")
            return nil
        }
        if let node = m.value(key) {
            guard let value = string(m, key) else { return nil }
            return (Secret(value, origin: Self.inlineOrigin), node)
        }
        guard let node = m.value(fileKey), let file = string(m, fileKey) else { return nil }
        guard let value = readSecretFile(file, name: m.path(fileKey), at: node) else { return nil }
        guard !value.isEmpty else {
            report(node, "\(m.path(fileKey)): \(file) is empty")
            return nil
        }
        return (Secret(value, origin: "\(fileKey) \(file)"), node)
    }

    mutating func readSecretFile(_ file: String, name: String, at node: YAMLNode) -> String? {
        do { return try ConfigFileReader.readValue(file) } catch {
            report(node, "\(name): cannot read \(file): \(error.reason)")
            return nil
        }
    }

    /// The content of systemd credential `name`, if `$CREDENTIALS_DIRECTORY` holds it.
    mutating func credential(_ name: String, at node: YAMLNode) -> Secret? {
        guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else { return nil }
        let file = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let value = readSecretFile(file, name: "systemd credential \(name)", at: node) else { return nil }
        return Secret(value, origin: "systemd credential \(name)")
    }

    /// Server login: exactly one of a password or a token, from the YAML, a file or a credential.
    mutating func serverCredentials(_ m: YAMLMapping, into server: inout ServerConfig) {
        let hasPassword = m.has("password") || m.has("password_file")
        let hasToken = m.has("token") || m.has("token_file")
        if hasPassword && hasToken, let node = m.keyNode(m.has("token") ? "token" : "token_file") {
            report(node, "server: give either a password or a token, not both")
            return
        }
        if hasPassword {
            server.password = secretValue(m, "password")?.0
        } else if hasToken {
            server.token = secretValue(m, "token")?.0
        } else if let secret = credential("ucbridge.password", at: m.node) {
            server.password = secret
        } else if let secret = credential("ucbridge.token", at: m.node) {
            server.token = secret
        } else {
            report(m.node, "server.password is required (or server.password_file, server.token, server.token_file, "
                + "or the systemd credential ucbridge.password)")
        }
    }

    /// A webhook's signing secrets: `secret` (one), `secret_file` or the credential
    /// `webhook.<name>.secret` (one `whsec_` secret per line, `#` comments, blank lines ignored).
    mutating func webhookSecrets(_ m: YAMLMapping, name: String?) -> [Secret] {
        if m.has("secret") || m.has("secret_file") {
            if let node = m.value("secret") {
                guard let (secret, _) = secretValue(m, "secret") else { return [] }
                return validSecret(secret.value, name: m.path("secret"), at: node) ? [secret] : []
            }
            guard let node = m.value("secret_file"), let file = string(m, "secret_file"),
                  let text = readSecretFile(file, name: m.path("secret_file"), at: node)
            else { return [] }
            return secretLines(text, origin: "secret_file \(file)", name: m.path("secret_file"), at: node)
        }
        guard let name else {
            report(m.node, "\(m.path("secret")) is required (or \(m.path("secret_file")))")
            return []
        }
        let credentialName = "webhook.\(name).secret"
        if let secret = credential(credentialName, at: m.node) {
            return secretLines(secret.value, origin: secret.origin, name: "systemd credential \(credentialName)", at: m.node)
        }
        report(m.node, "\(m.path("secret")) is required (or \(m.path("secret_file")), or the systemd credential \(credentialName))")
        return []
    }

    private mutating func secretLines(_ text: String, origin: String, name: String, at node: YAMLNode) -> [Secret] {
        let entries = ConfigFileReader.entries(text)
        guard !entries.isEmpty else {
            report(node, "\(name): contains no secret")
            return []
        }
        var secrets: [Secret] = []
        for entry in entries where validSecret(entry.text, name: "\(name): line \(entry.line)", at: node) {
            secrets.append(Secret(entry.text, origin: origin))
        }
        return secrets.count == entries.count ? secrets : []
    }

    /// `whsec_` + base64 of the key (Standard Webhooks). The value never enters the message.
    private mutating func validSecret(_ value: String, name: String, at node: YAMLNode) -> Bool {
        guard value.hasPrefix("whsec_") else {
            report(node, "\(name): expected a secret starting with \"whsec_\"")
            return false
        }
        guard let key = Data(base64Encoded: String(value.dropFirst(6))), !key.isEmpty else {
            report(node, "\(name): the part after \"whsec_\" is not valid base64")
            return false
        }
        return true
    }
}
