/// `subscribe.presence.contacts_file`: one contact ID per line, blank lines and lines starting
/// with `#` ignored. Read at load and again on SIGHUP, so the contact list can change without
/// touching the YAML or restarting.
public enum ContactsFile {
    static let limit = 4 * 1024 * 1024

    /// The contact IDs in the file, in file order, without duplicates.
    public static func read(path: String) throws(ConfigError) -> [String] {
        let bytes: [UInt8]
        do { bytes = try ConfigFileReader.read(path, limit: limit) } catch {
            throw .invalid(path, 1, 1, "cannot read contacts file: \(error.reason)")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws(ConfigError) -> [String] {
        var contacts: [String] = []
        var seen = Set<String>()
        var problems: [ConfigError.Problem] = []
        for entry in ConfigFileReader.entries(text) {
            if entry.text.contains(where: { $0.isWhitespace }) {
                problems.append(.invalid(path: path, line: entry.line, column: 1,
                    message: "a contact ID must not contain spaces, got \(ConfigDecoder.quote(entry.text))"))
                continue
            }
            if seen.insert(entry.text).inserted { contacts.append(entry.text) }
        }
        if !problems.isEmpty { throw ConfigError(problems: problems) }
        return contacts
    }
}

extension PresenceSubscription {
    /// The inline contacts followed by those from `contactsFile`, without duplicates.
    public var allContacts: [String] {
        var seen = Set<String>()
        return (contacts + contactsFromFile).filter { seen.insert($0).inserted }
    }

    /// A copy with `contactsFromFile` read again from disk (for SIGHUP). Unchanged when there
    /// is no contacts file.
    public func reloadingContactsFile() throws(ConfigError) -> PresenceSubscription {
        guard let contactsFile else { return self }
        var copy = self
        copy.contactsFromFile = try ContactsFile.read(path: contactsFile)
        return copy
    }
}
