/// What `ucbridge.session.connected` reports once a session is subscribed: not a wire type of
/// the UCServer, but built by the session from the identity, subscribe and resync results.
public struct SessionSummary: Sendable, Equatable {
    /// The server base URL, without credentials.
    public var server: String
    public var user: String
    public var contacts: Int
    public var lines: Int
    /// Events the resync after this (re)connect produced.
    public var resyncedEvents: Int

    public init(server: String, user: String, contacts: Int, lines: Int, resyncedEvents: Int) {
        self.server = server
        self.user = user
        self.contacts = contacts
        self.lines = lines
        self.resyncedEvents = resyncedEvents
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("SessionSummary")
        server = try json.requireString(["server"], type: "SessionSummary")
        user = json.string("user") ?? ""
        contacts = Int(json.int("contacts") ?? 0)
        lines = Int(json.int("lines") ?? 0)
        resyncedEvents = Int(json.int("resynced_events") ?? 0)
    }

    public var json: JSONValue {
        ["server": .string(server), "user": .string(user), "contacts": .int(Int64(contacts)), "lines": .int(Int64(lines)),
         "resynced_events": .int(Int64(resyncedEvents))]
    }
}
