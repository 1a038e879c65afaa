import Foundation
import Testing
@testable import UCBridge

@Suite struct ConfigLoaderTests {
    @Test func minimalConfigGetsDocumentedDefaults() throws {
        let config = try ConfigLoader.parse(yaml: minimalYAML, path: "t.yaml", environment: [:])
        var expected = Config()
        expected.sourcePath = "t.yaml"
        expected.server.url = "http://127.0.0.1:7224"
        expected.server.username = "demo"
        expected.server.password = Secret("demo", origin: "the config file")
        #expect(config == expected)
        #expect(config.server.keepaliveSeconds == 30)
        #expect(config.api.mode == 0o660)
        #expect(config.subscribe.cti.lines == .all)
    }

    @Test func missingFileIsToldApartFromInvalidFile() throws {
        #expect(throws: ConfigError.missing("/nonexistent/ucbridge.yaml")) {
            try ConfigLoader.load(path: "/nonexistent/ucbridge.yaml")
        }
        #expect(ConfigError.missing("/x.yaml").description == "/x.yaml: no such file; create it or pass --config PATH")
        #expect(ConfigError.missing("/x.yaml").isMissing)
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("bad.yaml", "server: [\n")
        do {
            _ = try ConfigLoader.load(path: file)
            Issue.record("loaded an invalid file")
        } catch {
            #expect(!error.isMissing)
            #expect(error.description.hasPrefix("\(file):2:1: "))
        }
    }

    @Test func refusesOversizedInput() {
        let big = minimalYAML + "# " + String(repeating: "x", count: ConfigLoader.maxFileBytes) + "\n"
        #expect(configProblems(big) == ["t.yaml:1:1: the config file is larger than 1048576 bytes"])
    }

    @Test func unknownKeyNamesTheSectionAndTheAllowedKeys() {
        #expect(configProblems(minimalYAML.replacingOccurrences(of: "  username", with: "  foo: 1\n  username")) == [
            "t.yaml:3:3: unknown key \"foo\" in server; expected one of: url, ucconnect, ucsid, username, password, "
                + "password_file, token, token_file, tls, keepalive_seconds, request_timeout_seconds, reconnect, max_message_bytes",
        ])
        #expect(configProblems(minimalYAML + "logging: {}\n") == [
            "t.yaml:5:1: unknown key \"logging\" at the top level; expected one of: server, subscribe, store, api, webhooks, log",
        ])
    }

    @Test func wrongTypeQuotesWhatWasGiven() {
        #expect(configProblems(minimalYAML.replacingOccurrences(of: "  username", with: "  keepalive_seconds: abc\n  username")) == [
            "t.yaml:3:22: server.keepalive_seconds: expected a number, got \"abc\"",
        ])
        #expect(configProblems(minimalYAML + "subscribe: { journal: { enabled: maybe, catch_up_days: 1.5 } }\n") == [
            "t.yaml:5:34: subscribe.journal.enabled: expected true or false, got \"maybe\"",
            "t.yaml:5:56: subscribe.journal.catch_up_days: expected an integer, got \"1.5\"",
        ])
        #expect(configProblems(minimalYAML + "store: [a]\n") == ["t.yaml:5:8: store: expected a mapping, got a list"])
        #expect(configProblems("- a\n") == ["t.yaml:1:1: the top level: expected a mapping, got a list"])
    }

    @Test func missingRequiredKeyIsReportedAtTheParentMapping() {
        #expect(configProblems("server:\n  url: http://h\n  password: x\n") == ["t.yaml:2:3: server.username is required"])
        #expect(configProblems("log: { level: info }\n") == ["t.yaml:1:1: server is required"])
        #expect(configProblems("") == ["t.yaml:1:1: server is required"])
        #expect(configProblems("server:\n  username: u\n  password: x\n") == [
            "t.yaml:2:3: server.url is required (or server.ucconnect)",
        ])
        #expect(configProblems("server:\n  url: http://h\n  username: u\n") == [
            "t.yaml:2:3: server.password is required (or server.password_file, server.token, server.token_file, "
                + "or the systemd credential ucbridge.password)",
        ])
    }

    @Test func reportsAllProblemsOrderedByPosition() {
        let yaml = """
        log: { level: verbose }
        server:
          url: ftp://h
          username: u
          password: x
          keepalive_seconds: -1
        api: { mode: "0999" }

        """
        #expect(configProblems(yaml) == [
            "t.yaml:1:15: log.level: expected one of debug, info, notice, warning, error, got \"verbose\"",
            "t.yaml:3:8: server.url: expected an http or https URL, got \"ftp://h\"",
            "t.yaml:6:22: server.keepalive_seconds: must be greater than 0, got -1",
            "t.yaml:7:14: api.mode: expected an octal file mode like \"0660\", got \"0999\"",
        ])
    }

    @Test func badServerValues() {
        #expect(configProblems("server: { url: http://h, ucconnect: { ucsid: x }, username: u, password: p }\n") == [
            "t.yaml:1:26: server: give either url or ucconnect, not both",
        ])
        #expect(configProblems("server: { ucconnect: { controller: https://c }, username: u, password: p }\n") == [
            "t.yaml:1:22: server.ucconnect.ucsid is required",
        ])
        #expect(configProblems("server: { url: http://h, username: u, password: p, password_file: /f }\n") == [
            "t.yaml:1:52: server: give either password or password_file, not both",
        ])
        #expect(configProblems("server: { url: http://h, username: u, password: p, token: t }\n") == [
            "t.yaml:1:52: server: give either a password or a token, not both",
        ])
        #expect(configProblems(minimalYAML.replacingOccurrences(of: "http://127.0.0.1:7224", with: "https://bob:hunter2@h"))
            == [])
        #expect(configProblems(minimalYAML.replacingOccurrences(of: "http://127.0.0.1:7224", with: "//bob:hunter2@h")) == [
            "t.yaml:2:8: server.url: expected an http or https URL, got \"//********@h\"",
        ])
        #expect(configProblems(minimalYAML + "  reconnect: { initial_seconds: 90 }\n  max_message_bytes: 10\n") == [
            "t.yaml:5:33: server.reconnect.initial_seconds (90) must not exceed max_seconds (60)",
            "t.yaml:6:22: server.max_message_bytes: must be at least 1024, got 10",
        ])
    }

    @Test func urlCredentialsAreMaskedInMessages() {
        let yaml = minimalYAML.replacingOccurrences(of: "http://127.0.0.1:7224", with: "ftp://bob:hunter2@h")
        #expect(configProblems(yaml) == ["t.yaml:2:8: server.url: expected an http or https URL, got \"ftp://********@h\""])
    }

    @Test func badSubscribeStoreAPIAndLogValues() {
        let yaml = minimalYAML + """
        subscribe:
          presence: { contacts: [a, [b]] }
          cti: { lines: some }
        store: { path: "", retention: { max_age_days: 0 } }
        api: { mode: 660, allow: { uids: [0, -1, x] } }

        """
        #expect(configProblems(yaml) == [
            "t.yaml:6:29: subscribe.presence.contacts[1]: expected a non-empty string, got a list",
            "t.yaml:7:17: subscribe.cti.lines: expected all, none or a list of line URIs, got \"some\"",
            "t.yaml:8:16: store.path: must not be empty",
            "t.yaml:8:47: store.retention.max_age_days: must be at least 1, got 0",
            "t.yaml:9:38: api.allow.uids[1]: must be at least 0, got -1",
            "t.yaml:9:42: api.allow.uids[2]: expected an integer, got \"x\"",
        ])
        let ok = try? ConfigLoader.parse(yaml: minimalYAML + "api: { mode: 0600 }\nsubscribe: { cti: { lines: [\"tel:+4930123\"] } }\n",
                                         path: "t.yaml", environment: [:])
        #expect(ok?.api.mode == 0o600)
        #expect(ok?.subscribe.cti.lines == .list(["tel:+4930123"]))
        let none = try? ConfigLoader.parse(yaml: minimalYAML + "subscribe: { cti: { lines: none } }\n", path: "t.yaml")
        #expect(none?.subscribe.cti.lines == CTISubscription.Lines.none)
    }
}
