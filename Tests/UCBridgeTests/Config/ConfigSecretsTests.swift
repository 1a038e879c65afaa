import Foundation
import Testing
@testable import UCBridge

@Suite struct ConfigSecretsTests {
    static let secretA = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let secretB = "whsec_dGhpcyBpcyBhIHNlY29uZCBrZXk="

    let serverHead = "server:\n  url: http://h\n  username: u\n"

    @Test func passwordFileIsReadWithoutTrailingNewline() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("password", "s3cret pass\n")
        let config = try ConfigLoader.parse(yaml: serverHead + "  password_file: \(file)\n", path: "t.yaml")
        #expect(config.server.password == Secret("s3cret pass", origin: "password_file \(file)"))
        let tokenFile = try dir.write("token", "tok\r\n")
        let withToken = try ConfigLoader.parse(yaml: serverHead + "  token_file: \(tokenFile)\n", path: "t.yaml")
        #expect(withToken.server.token?.value == "tok")
        #expect(withToken.server.password == nil)
    }

    @Test func unreadableOrEmptySecretFilesAreErrorsAtTheKey() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        #expect(configProblems(serverHead + "  password_file: \(dir.path)/nope\n") == [
            "t.yaml:4:18: server.password_file: cannot read \(dir.path)/nope: No such file or directory",
        ])
        let empty = try dir.write("empty", "\n")
        #expect(configProblems(serverHead + "  password_file: \(empty)\n") == [
            "t.yaml:4:18: server.password_file: \(empty) is empty",
        ])
        #expect(configProblems(serverHead + "  password_file: \(dir.path)\n") == [
            "t.yaml:4:18: server.password_file: cannot read \(dir.path): Is a directory",
        ])
    }

    @Test func systemdCredentialsFillWhatTheYAMLLeavesOut() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("ucbridge.password", "from-credential\n")
        try dir.write("webhook.crm.secret", "# rotated\n\(Self.secretA)\n\n\(Self.secretB)\n")
        let yaml = serverHead + "webhooks:\n  - name: crm\n    url: https://crm.example.com/hook\n"
        let config = try ConfigLoader.parse(yaml: yaml, path: "t.yaml", environment: ["CREDENTIALS_DIRECTORY": dir.path])
        #expect(config.server.password == Secret("from-credential", origin: "systemd credential ucbridge.password"))
        #expect(config.webhooks.first?.secrets.map(\.value) == [Self.secretA, Self.secretB])
        #expect(config.webhooks.first?.secrets.first?.origin == "systemd credential webhook.crm.secret")

        // The YAML wins over the credential.
        let inline = try ConfigLoader.parse(yaml: serverHead + "  password: inline\n", path: "t.yaml",
                                            environment: ["CREDENTIALS_DIRECTORY": dir.path])
        #expect(inline.server.password?.value == "inline")

        // A token credential is used when there is no password credential.
        let tokenDir = try TempDir()
        defer { tokenDir.remove() }
        try tokenDir.write("ucbridge.token", "jwt")
        let token = try ConfigLoader.parse(yaml: serverHead, path: "t.yaml", environment: ["CREDENTIALS_DIRECTORY": tokenDir.path])
        #expect(token.server.token == Secret("jwt", origin: "systemd credential ucbridge.token"))
    }

    @Test func secretFileHoldsOneOrMoreWhsecSecrets() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("crm.secret", "\(Self.secretA)\n# next one\n\n\(Self.secretB)\n")
        let yaml = minimalYAML + "webhooks:\n  - name: crm\n    url: https://crm.example.com/hook\n    secret_file: \(file)\n"
        let config = try ConfigLoader.parse(yaml: yaml, path: "t.yaml")
        #expect(config.webhooks.first?.secrets == [Secret(Self.secretA, origin: "secret_file \(file)"),
                                                   Secret(Self.secretB, origin: "secret_file \(file)")])

        let bad = try dir.write("bad.secret", "\(Self.secretA)\nnot-a-secret\nwhsec_%%%\n")
        #expect(configProblems(yaml.replacingOccurrences(of: file, with: bad)) == [
            "t.yaml:8:18: webhooks[0].secret_file: line 2: expected a secret starting with \"whsec_\"",
            "t.yaml:8:18: webhooks[0].secret_file: line 3: the part after \"whsec_\" is not valid base64",
        ])
        let blank = try dir.write("blank.secret", "# nothing yet\n")
        #expect(configProblems(yaml.replacingOccurrences(of: file, with: blank)) == [
            "t.yaml:8:18: webhooks[0].secret_file: contains no secret",
        ])
    }

    @Test func badWebhookValues() {
        let yaml = minimalYAML + """
        webhooks:
          - name: crm
            url: ftp://crm
            secret: "whsec_not base64!"
            events: ["call.*"]
            max_in_flight: 0
            headers: { Authorization: "Bearer x", webhook-signature: "v1,x" }
            retry: { max_attempts: 0 }
          - name: crm
            url: https://other
            secret: plain-secret
            secret_file: /nope
          - url: https://third

        """
        #expect(configProblems(yaml) == [
            "t.yaml:7:10: webhooks[0].url: expected an http or https URL, got \"ftp://crm\"",
            "t.yaml:8:13: webhooks[0].secret: the part after \"whsec_\" is not valid base64",
            "t.yaml:9:14: webhooks[0].events[0]: expected an event type glob like \"ucbridge.call.*\" or \"*\", got \"call.*\"",
            "t.yaml:10:20: webhooks[0].max_in_flight: must be at least 1, got 0",
            "t.yaml:11:43: webhooks[0].headers.webhook-signature: set by ucbridge, cannot be overridden",
            "t.yaml:12:28: webhooks[0].retry.max_attempts: must be at least 1, got 0",
            "t.yaml:13:11: webhooks[1].name: duplicate webhook name \"crm\" (first at line 6, column 11)",
            "t.yaml:16:5: webhooks[1]: give either secret or secret_file, not both",
            "t.yaml:17:5: webhooks[2].name is required",
            "t.yaml:17:5: webhooks[2].secret is required (or webhooks[2].secret_file)",
        ])
    }

    @Test func webhookWithoutSecretNamesTheCredential() {
        #expect(configProblems(minimalYAML + "webhooks:\n  - name: crm\n    url: https://h\n") == [
            "t.yaml:6:5: webhooks[0].secret is required (or webhooks[0].secret_file, or the systemd credential webhook.crm.secret)",
        ])
    }

    @Test func secretValuesNeverAppearInErrors() {
        let yaml = minimalYAML.replacingOccurrences(of: "password: demo", with: "password: [hunter2]") + """
        webhooks:
          - name: x
            url: https://user:hunter2@h/
            secret: hunter2
            headers: { Authorization: [hunter2], X-Token: "hunter2\\nInjected: 1" }

        """
        let problems = configProblems(yaml)
        #expect(problems.count == 4)
        #expect(!problems.joined().contains("hunter2"))
    }
}

extension ConfigSecretsTests {
    @Test func malformedKeysThatMayHoldAValueAreNotEchoed() {
        let yaml = minimalYAML + """
        webhooks:
          - name: x
            url: https://h
            secret "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw": 1
            headers: { "Authorization:Bearer hunter2": "" }

        """
        #expect(configProblems(yaml) == [
            "t.yaml:6:5: webhooks[0].secret is required (or webhooks[0].secret_file, or the systemd credential webhook.x.secret)",
            "t.yaml:8:5: unknown key (not shown: not a plain name) in webhooks[0]; expected one of: name, url, secret, "
                + "secret_file, events, headers, timeout_seconds, max_in_flight, retry, include_raw, tls",
            "t.yaml:9:16: webhooks[0].headers: expected a header name (letters, digits and !#$%&'*+-.^_`|~)",
        ])
    }
}
