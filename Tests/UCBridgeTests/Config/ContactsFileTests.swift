import Foundation
import Testing
@testable import UCBridge

@Suite struct ContactsFileTests {
    @Test func readsOneContactPerLineAndRereadsOnReload() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("contacts", "# sales team\nsip:anna.berger@example.com\n\n  sip:max.huber@example.com  \nsip:anna.berger@example.com\n")
        let yaml = minimalYAML + "subscribe:\n  presence:\n    contacts: [sip:boss@example.com]\n    contacts_file: \(file)\n"
        let config = try ConfigLoader.parse(yaml: yaml, path: "t.yaml")
        #expect(config.subscribe.presence.contactsFromFile == ["sip:anna.berger@example.com", "sip:max.huber@example.com"])
        #expect(config.subscribe.presence.allContacts
            == ["sip:boss@example.com", "sip:anna.berger@example.com", "sip:max.huber@example.com"])

        try dir.write("contacts", "sip:new@example.com\n")
        let reloaded = try config.subscribe.presence.reloadingContactsFile()
        #expect(reloaded.allContacts == ["sip:boss@example.com", "sip:new@example.com"])
    }

    @Test func problemsPointIntoTheContactsFileOrAtTheKey() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("contacts", "sip:a@example.com\nsip:b @example.com\n")
        let yaml = minimalYAML + "subscribe:\n  presence:\n    contacts_file: \(file)\n"
        #expect(configProblems(yaml) == ["\(file):2:1: a contact ID must not contain spaces, got \"sip:b @example.com\""])
        #expect(configProblems(yaml.replacingOccurrences(of: file, with: dir.path + "/gone")) == [
            "t.yaml:7:20: subscribe.presence.contacts_file: cannot read \(dir.path)/gone: No such file or directory",
        ])
        try FileManager.default.removeItem(atPath: file)
        #expect(throws: ConfigError.invalid(file, 1, 1, "cannot read contacts file: No such file or directory")) {
            try ContactsFile.read(path: file)
        }
    }
}
