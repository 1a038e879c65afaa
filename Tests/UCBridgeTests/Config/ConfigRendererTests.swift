import Foundation
import Testing
@testable import UCBridge

@Suite struct ConfigRendererTests {
    @Test func printsEffectiveConfigWithSecretsMaskedAndTheirOrigin() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let passwordFile = try dir.write("password", "pw-Zq81\n")
        let secretFile = try dir.write("crm.secret", "\(ConfigSecretsTests.secretA)\n\(ConfigSecretsTests.secretB)\n")
        let yaml = """
        server:
          url: https://svc:urlpass-7@ucserver.example.com:7225
          username: svc-bridge
          password_file: \(passwordFile)
        webhooks:
          - name: crm
            url: https://hook:hookpass-9@crm.example.com/hooks
            secret_file: \(secretFile)
            headers: { Authorization: "Bearer header-token-3", X-Tenant: tenant-value-4 }
          - name: wall
            url: http://127.0.0.1:8080/
            secret: "\(ConfigSecretsTests.secretA)"

        """
        let config = try ConfigLoader.parse(yaml: yaml, path: "/etc/ucbridge/ucbridge.yaml")
        let text = ConfigRenderer.render(config)

        for secret in ["pw-Zq81", "urlpass-7", "hookpass-9", "header-token-3", "tenant-value-4", "MfKQ9r8GKYqr", "dGhpcyBpcyBh"] {
            #expect(!text.contains(secret), "\(secret) leaked into check-config output")
        }
        #expect(text.contains("  url: \"https://********@ucserver.example.com:7225\"\n"))
        #expect(text.contains("  password: \"********\"  # from password_file \(passwordFile)\n"))
        #expect(text.contains("    url: \"https://********@crm.example.com/hooks\"\n"))
        #expect(text.contains("    secret: \"********\"  # from secret_file \(secretFile) (2 secrets)\n"))
        #expect(text.contains("    secret: \"********\"  # from the config file\n"))
        #expect(text.contains("      \"Authorization\": \"********\"\n      \"X-Tenant\": \"********\"\n"))
        // Defaults are filled in.
        #expect(text.contains("  keepalive_seconds: 30\n"))
        #expect(text.contains("  mode: \"0660\"\n"))
        #expect(text.contains("    lines: all\n"))
        #expect(text.contains("    max_events: 5000000\n"))
        #expect(text.contains("log:\n  level: info\n"))
    }

    @Test func outputIsAConfigThatLoadsAgain() throws {
        let yaml = minimalYAML + """
        subscribe: { presence: { contacts: ["sip:a@example.com", "odd \\"quoted\\" id"] }, cti: { lines: [tel:1, tel:2] } }
        api: { mode: "0600", allow: { uids: [0, 1000], groups: [] } }
        store: { retention: { max_age_days: 3 } }

        """
        let config = try ConfigLoader.parse(yaml: yaml, path: "t.yaml")
        let again = try ConfigLoader.parse(yaml: ConfigRenderer.render(config), path: "t.yaml")
        var expected = config
        expected.server.password = Secret("********", origin: "the config file")
        #expect(again == expected)
    }

    @Test func ucconnectAndTokenRender() throws {
        let config = try ConfigLoader.parse(yaml: """
            server: { ucconnect: { ucsid: abc-123 }, username: u, token: tok-secret-5 }
            log: { level: debug }

            """, path: "t.yaml")
        let text = ConfigRenderer.render(config)
        #expect(text.contains("  ucconnect:\n    controller: \"https://uccontroller.ucconnect.de\"\n    ucsid: \"abc-123\"\n"))
        #expect(text.contains("  token: \"********\"  # from the config file\n"))
        #expect(!text.contains("tok-secret-5"))
        #expect(text.contains("  level: debug\n"))
    }
}
