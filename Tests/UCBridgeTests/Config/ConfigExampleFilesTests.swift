import Foundation
import Testing
@testable import UCBridge

/// The shipped `config/*.yaml` files are documentation: they must load, and the documented
/// example must mention every key and show the real defaults.
@Suite struct ConfigExampleFilesTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: repoRoot + "/config/" + name, encoding: .utf8)
    }

    @Test func simulatorConfigLoads() throws {
        let config = try ConfigLoader.load(path: Self.repoRoot + "/config/ucbridge.sim.yaml")
        #expect(config.server.url == "http://127.0.0.1:7224")
        #expect(config.server.username == "demo")
        #expect(config.server.password?.value == "demo")
        #expect(config.store.path == "./.demo/ucbridge.db")
        #expect(config.api.socket == "./.demo/api.sock")
        #expect(config.subscribe.presence.contacts.count == 6)
        #expect(config.subscribe.presence.contacts.prefix(2) == ["sip:anna.berger@example.com", "sip:max.huber@example.com"])
        #expect(config.subscribe.cti.lines == .all)
        #expect(config.subscribe.journal.enabled)
        #expect(config.webhooks.isEmpty)
        #expect(config.log.level == .info)
    }

    /// The example names its secret files under /etc/ucbridge; the test puts them in a temp dir.
    @Test func documentedExampleLoadsWithItsDocumentedDefaults() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("password", "pw\n")
        try dir.write("contacts", "sip:carol@example.com\n")
        try dir.write("crm.secret", ConfigSecretsTests.secretA + "\n")
        let yaml = try Self.text("ucbridge.yaml").replacingOccurrences(of: "/etc/ucbridge/", with: dir.path + "/")
        let config = try ConfigLoader.parse(yaml: yaml, path: "ucbridge.yaml")

        var defaults = Config()
        defaults.sourcePath = "ucbridge.yaml"
        defaults.server.url = "https://ucserver.example.com:7225"
        defaults.server.username = "svc-bridge"
        defaults.server.password = Secret("pw", origin: "password_file \(dir.path)/password")
        defaults.subscribe.presence.contacts = ["sip:alice@example.com", "sip:bob@example.com"]
        defaults.subscribe.presence.contactsFile = dir.path + "/contacts"
        defaults.subscribe.presence.contactsFromFile = ["sip:carol@example.com"]
        var crm = WebhookConfig(name: "crm", url: "https://crm.example.com/hooks/ucserver")
        crm.secrets = [Secret(ConfigSecretsTests.secretA, origin: "secret_file \(dir.path)/crm.secret")]
        crm.events = ["ucbridge.call.*", "ucbridge.journal.*"]
        crm.headers = [("Authorization", "Bearer replace-me")]
        defaults.webhooks = [crm]
        #expect(config == defaults)
    }

    @Test func documentedExampleMentionsEveryKey() throws {
        let text = try Self.text("ucbridge.yaml")
        let keys = ConfigDecoder.topKeys + ConfigDecoder.serverKeys + ConfigDecoder.tlsKeys + ConfigDecoder.webhookKeys
            + ["controller", "initial_seconds", "max_seconds", "presence", "cti", "journal", "contacts", "contacts_file",
               "lines", "enabled", "catch_up_days", "path", "retention", "max_age_days", "max_events", "socket", "mode",
               "allow", "uids", "groups", "max_attempts", "max_age_hours", "level"]
        for key in Set(keys) {
            #expect(text.contains("\(key):") || text.contains("\(key) "), "config/ucbridge.yaml does not document \(key)")
        }
        // Alternatives that are commented out still parse when swapped in.
        let alternatives = """
        server:
          ucconnect:
            controller: https://uccontroller.ucconnect.de
            ucsid: "00000000-0000-0000-0000-000000000000"
          username: svc-bridge
          token: "jwt"
        webhooks:
          - { name: crm, url: "https://crm.example.com/hooks/ucserver", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }

        """
        #expect(configProblems(alternatives) == [])
        #expect(text.contains("# secret: \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\""))
        #expect(text.contains("#   ucsid: \"00000000-0000-0000-0000-000000000000\""))
    }
}
