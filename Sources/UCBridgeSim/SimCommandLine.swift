import UCBridge

/// `ucbridge-sim` argument parsing. Pure: arguments in, options / help / error out.
public enum SimCommandLine {
    public enum Outcome: Sendable {
        case run(SimulatorOptions, LogLevel)
        case help
        case failure(String)
    }

    public static func parse(_ args: [String]) -> Outcome {
        var options = SimulatorOptions()
        var level = LogLevel.info
        var i = 0
        func value(_ name: String) -> String? {
            i += 1
            return i < args.count ? args[i] : nil
        }
        while i < args.count {
            var arg = args[i]
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                inline = String(arg[arg.index(after: eq)...])
                arg = String(arg[..<eq])
            }
            func next() -> String? { inline ?? value(arg) }
            switch arg {
            case "-h", "--help": return .help
            case "--listen":
                guard let v = next(), let colon = v.lastIndex(of: ":"), let port = UInt16(v[v.index(after: colon)...]) else {
                    return .failure("--listen needs HOST:PORT, e.g. 127.0.0.1:7224 (port 0 = ephemeral)")
                }
                options.host = String(v[..<colon])
                options.port = port
            case "--user":
                guard let v = next(), !v.isEmpty else { return .failure("--user needs a name") }
                options.user = v
            case "--password":
                guard let v = next() else { return .failure("--password needs a value") }
                options.password = v
            case "--token":
                guard let v = next(), !v.isEmpty else { return .failure("--token needs a value") }
                options.token = v
            case "--ucsid":
                guard let v = next(), !v.isEmpty else { return .failure("--ucsid needs a value") }
                options.ucsid = v
            case "--contacts":
                guard let v = next(), let n = Int(v), n >= 0 else { return .failure("--contacts needs a non-negative number") }
                options.extraContacts = n
            case "--max-message-size":
                guard let v = next(), let n = Int(v), n >= 1024 else { return .failure("--max-message-size needs a number of bytes >= 1024") }
                options.maxMessageSize = n
            case "--demo":
                options.demo = true
            case "--log-level":
                guard let v = next(), let l = LogLevel(name: v) else { return .failure("--log-level needs debug, info, notice, warning or error") }
                level = l
            default:
                return .failure("unknown option \(args[i]) (see --help)")
            }
            i += 1
        }
        return .run(options, level)
    }

    public static let help = """
    NAME
        ucbridge-sim - a scriptable simulated estos UCServer for ucbridge tests and demos

    SYNOPSIS
        ucbridge-sim [--listen HOST:PORT] [--user NAME] [--password PW] [--token TOKEN]
                     [--ucsid ID] [--contacts N] [--demo] [--log-level LEVEL]

    DESCRIPTION
        Speaks the UCServer client protocol over plain HTTP: POST or GET
        /ws/client/createsession?clientappid=15, then a WebSocket on
        /ws/client/websocket[/]?x-ucsessionid=ID carrying ROSE JSON. The login user is
        Anna Berger (sip:anna.berger@example.com) with two lines; colleagues max.huber,
        lena.vogt, tobias.wolf, sophie.keller and jan.schulz (all @example.com); two
        journal entries. A control API under /sim/ on the same port changes that world
        and injects faults; changes made while no client is connected only change state.

        When listening it prints one line on stdout and flushes it:
            ucbridge-sim listening on HOST:PORT control=http://HOST:PORT/sim
        Logs go to stderr (journald under systemd). SIGTERM and SIGINT stop it cleanly.

    OPTIONS
        --listen HOST:PORT   address to listen on (default 127.0.0.1:7224; port 0 picks a free one)
        --user NAME          accepted login name (default demo)
        --password PW        accepted password (default demo)
        --token TOKEN        login token accepted in x-uctoken or ?token= (default: none)
        --ucsid ID           the UCSID this server answers to in X-ucsid (default local);
                             any other gives 502 "UCServer is not connected here"
        --contacts N         seed N extra contacts sip:user00001@example.com ... (default 0)
        --max-message-size B largest WebSocket message accepted from a client (default 16777216)
        --demo               generate presence changes and a call lifecycle (with its journal
                             entry) every few seconds
        --log-level LEVEL    debug, info, notice, warning or error (default info)
        -h, --help           this text

    OPERATIONS ANSWERED
        asnGetLoggedInContactV2 1008, asnGetAndSubscribePresenceV2 4505 (unknown contacts
        omitted), asnUnsubscribePresence 4503, asnCtiEnumPhoneLines 1260,
        asnCtiLineMonitorStart 1262 (unknown line: error iErrorDetail 3),
        asnCtiLineMonitorStop 1263, asnJournalSubscribeEvents 2171 (then
        asnJournalEntryListChanged for entries with a higher transaction id),
        asnGetJournalEntriesV2 2172 (newest first; time window, transaction id, iFilter
        pairs, iMaxNumEntries), asnGetOfflineJournal 2104, asnCheckConnection 1714.
        Keepalives 1706/100 are counted, never answered. Any other invoke gets a reject
        (invokeProblem 1, unrecognisedOperation); an undecodable ROSE envelope a reject
        with invokeProblem 2; text that is not JSON is only logged.

    CONTROL API (JSON in, JSON out; errors are {"error": "..."})
        GET    /sim/state                 contacts, lines, calls, journal
        GET    /sim/sessions[?all=1]      sessions: subscriptions, monitored lines, keepalives,
                                          rejects and responses received, last client message
        GET    /sim/log[?limit=N&since=S] messages received from clients, createsession requests
        POST   /sim/presence              {"contact", "state"?, "note"?, "absent_state"?,
                                          "display_name"?} -> asnUpdatePresenceV2 with only the
                                          changed sections; unknown contacts are created
        POST   /sim/presence/remove       {"contact"} -> asnRemovePresence
        POST   /sim/call                  {"line"?, "connection_id"?, "state", "remote"?,
                                          "remote_name"?, "remote_company"?, "outbound"?,
                                          "internal"?, "reason"?, "disconnected_reason"?,
                                          "journal"?} -> asnCtiNotifyLineCallInformationChanged;
                                          states offering dialing ringback busy connected
                                          conferenced hold disconnected destroyed (reasons 0 1 2
                                          10 3 4 5 11 12); destroyed removes the call and adds
                                          its journal entry unless "journal": false
        POST   /sim/journal               {"connection_id"?, "phone_number"?, "contact_name"?,
                                          "company"?, "outbound"?, "internal"?, "start"?,
                                          "duration"?, "connected_duration"?, "memo"?,
                                          "subject"?, "read"?, "delete"?} -> add (iFlags 1),
                                          modify (2) or delete (3) with the next transaction id
        DELETE /sim/journal?connection_id=ID   delete (iFlags 3)
        POST   /sim/line/dnd              {"line", "dnd": bool}
        POST   /sim/line/forward          {"line", "forwards": [{"mode", "destination",
                                          "no_answer_time"}]} (or "destination"; none = off)
        POST   /sim/line/add              {"line", "descriptor"?, "phone_number"?}
        POST   /sim/line/remove           {"line"} (also stops monitors of that line)
        POST   /sim/send                  {"message": {...}} or {"text": "..."} to every session
        POST   /sim/burst                 {"presence": N, "calls": M}; answers when all were sent
        POST   /sim/fault/drop            {"reset"?: bool} close every WebSocket at TCP level,
                                          no close frame (FIN, or RST with "reset": true)
        POST   /sim/fault/createsession   {"status": 502|400|500, "count": N} next N fail
        POST   /sim/fault/silence         {"seconds": N} WebSockets read, answer and send nothing
        POST   /sim/fault/malformed       {"kind": "not_json"|"truncated_json"|"invalid_utf8"|
                                          "bad_envelope"|"binary"|"oversized", "bytes"?}
        POST   /sim/fault/invoke          {"operation_id", "operation_name"?, "argument"?,
                                          "wait_seconds"?} server->client invoke; the client's
                                          answer appears here and in /sim/sessions
        POST   /sim/fault/password        {"password"} change the accepted password

    EXAMPLES
        ucbridge-sim --listen 127.0.0.1:0 --demo
        curl -s localhost:7224/sim/presence -d '{"contact":"sip:max.huber@example.com","state":335544322,"note":"In a call"}'
        curl -s localhost:7224/sim/call -d '{"state":"offering","remote":"+4940555987654"}'
    """
}
