import Foundation

/// Help for the client commands: `ucbridge help COMMAND` prints `text(name)`; `ucbridge help`
/// lists `summaries`.
public enum ClientHelp {
    struct Entry {
        var usage: String
        var summary: String
        var description: String
        var options: [(String, String)]
        var examples: [String]
    }

    static let common: [(String, String)] = [
        ("--socket PATH", "Talk to the daemon at PATH instead of api.socket from the config (default /run/ucbridge/api.sock)."),
        ("--config PATH", "Read api.socket from this config file (default /etc/ucbridge/ucbridge.yaml)."),
        ("--json", "Print the API's JSON answer instead of a table, for scripts."),
    ]

    static let exitStatus = """
    EXIT STATUS
      0  success
      1  not found (unknown contact, call or dead letter) or another error answer
      2  usage error (unknown option, bad value)
      3  the daemon cannot be reached at the socket (not running, wrong --socket, no permission)
    """

    static let entries: [String: Entry] = [
        "status": Entry(
            usage: "ucbridge status [--socket PATH] [--json]",
            summary: "Show whether the daemon is connected, its store and its webhook sinks",
            description: """
            Asks the running daemon for its health (GET /v1/health) and prints the session state
            (connected to which UCServer, since when, the last error and when the next attempt is),
            the outbox (events kept, last sequence) and every webhook sink. The overall status is
            "ok" when the session is connected and the store works, "degraded" while connecting,
            retrying or while a sink fails, and "down" when a person must act (login rejected,
            store failing). The exit status is 0 whenever the daemon answered.
            """,
            options: [], examples: ["ucbridge status", "ucbridge status --json | jq .status"]),
        "presence": Entry(
            usage: "ucbridge presence [CONTACT] [--socket PATH] [--json]",
            summary: "List the presence of every subscribed contact, or show one",
            description: """
            Without CONTACT, prints one row per known contact: contact ID, display name, state
            (available, busy, absent, dnd, out_of_order, unknown), flags and note. With CONTACT
            (a contact ID such as sip:alice@example.com), prints that contact in detail, including
            an absence with its time range; exits 1 if the contact is unknown.
            """,
            options: [], examples: ["ucbridge presence", "ucbridge presence sip:alice@example.com"]),
        "calls": Entry(
            usage: "ucbridge calls [--socket PATH] [--json]",
            summary: "List the calls active now on the monitored lines",
            description: """
            Prints one row per active call: connection ID, line, state (offering, dialing,
            connected, hold, …), direction, the remote party and when the call started.
            """,
            options: [], examples: ["ucbridge calls"]),
        "journal": Entry(
            usage: "ucbridge journal [--since TIME] [--limit N] [--socket PATH] [--json]",
            summary: "List journal (conversation history) entries, newest first",
            description: """
            Prints the journal entries the daemon has stored, newest first: start time, direction,
            remote number, contact name, total duration and whether the call was answered.
            """,
            options: [("--since TIME", "Only entries that started at or after TIME, an RFC 3339 time such as 2026-12-03T08:00:00+01:00."),
                      ("--limit N", "At most N entries, 1 to 1000 (default 100).")],
            examples: ["ucbridge journal --limit 10", "ucbridge journal --since 2026-12-03T00:00:00Z --json"]),
        "events": Entry(
            usage: "ucbridge events [--after SEQ] [--limit N] [--type GLOB] [--follow] [--socket PATH] [--json]",
            summary: "Show events from the outbox, or follow new ones live",
            description: """
            Prints events from the outbox in sequence order: sequence number, time, type and
            subject. With --follow, keeps the connection open and prints each event as it is
            committed (Server-Sent Events) until interrupted; without --after it starts with the
            next new event. With --json, prints the feed's JSON; with --follow --json, one
            CloudEvents JSON object per line.
            """,
            options: [("--after SEQ", "Only events after sequence number SEQ (default 0; with --follow: now)."),
                      ("--limit N", "At most N events, 1 to 1000 (default 100); not with --follow."),
                      ("--type GLOB", "Only events whose type matches GLOB, e.g. 'ucbridge.call.*'; several separated by commas."),
                      ("--follow", "Keep printing new events as they arrive.")],
            examples: ["ucbridge events --after 1000 --limit 50", "ucbridge events --follow --type 'ucbridge.call.*' --json"]),
        "sinks": Entry(
            usage: "ucbridge sinks [--socket PATH] [--json]",
            summary: "Show each webhook sink's delivery progress",
            description: """
            Prints one row per configured webhook: its URL (without credentials), the cursor (every
            event up to it is settled), events pending and in flight, failed attempts, dead letters
            and its state (ok, failing with the last error, or disabled with the reason).
            """,
            options: [], examples: ["ucbridge sinks"]),
        "dead-letters": Entry(
            usage: "ucbridge dead-letters [--sink NAME] [--socket PATH] [--json]",
            summary: "List deliveries a sink gave up on",
            description: """
            Prints the events that a sink failed to deliver within its retry limits: dead letter
            ID, sink, sequence, type, subject, attempts, state (dead, requeued, taken), when it was
            given up and the last error. Use "ucbridge redeliver ID" to queue one again.
            """,
            options: [("--sink NAME", "Only the dead letters of sink NAME.")],
            examples: ["ucbridge dead-letters --sink crm"]),
        "redeliver": Entry(
            usage: "ucbridge redeliver ID... [--socket PATH] [--json]",
            summary: "Queue dead-lettered deliveries again",
            description: """
            Queues each dead letter ID (from "ucbridge dead-letters") for another delivery to its
            sink. Unknown IDs are reported and the others are still queued; the exit status is 1
            if any ID was unknown.
            """,
            options: [], examples: ["ucbridge redeliver 17 18"]),
    ]

    /// One line per client command, for `ucbridge help`.
    public static var summaries: [(name: String, summary: String)] {
        ClientCommands.names.map { ($0, entries[$0]?.summary ?? "") }
    }

    public static func usage(_ name: String) -> String { entries[name]?.usage ?? "ucbridge \(name)" }

    /// The full help of one command, or nil if it is not a client command.
    public static func text(_ name: String) -> String? {
        guard let e = entries[name] else { return nil }
        var out = "NAME\n  ucbridge \(name) - \(e.summary)\n\nSYNOPSIS\n  \(e.usage)\n\nDESCRIPTION\n"
        out += e.description.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n\nOPTIONS\n"
        let options = e.options + common
        let width = options.map(\.0.count).max() ?? 0
        for (flag, help) in options {
            out += "  \(flag.padding(toLength: width, withPad: " ", startingAt: 0))  \(help)\n"
        }
        out += "\nEXAMPLES\n" + e.examples.map { "  \($0)\n" }.joined() + "\n" + exitStatus + "\n"
        return out
    }
}
