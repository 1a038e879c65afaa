/// The manual: `ucbridge help` and `ucbridge help COMMAND`.
enum CommandHelp {
    /// The query commands come from the client's own table, so the two lists cannot drift.
    static var commandNames: [String] { ["run", "check-config", "version", "help"] + clientCommandSummaries.map(\.name) }

    static let usageLine = "usage: ucbridge COMMAND [OPTIONS]   (ucbridge help for the list)"

    static let overview = """
    ucbridge — bridge estos UCServer (ProCall) presence, calls and journal to webhooks and a local API

    USAGE
      ucbridge COMMAND [OPTIONS]

    DAEMON
      run [--config PATH]            Run the daemon in the foreground (what systemd starts).
      check-config [--config PATH]   Validate the config; print the effective config, secrets masked.
      version                        Print the version.

    QUERIES (talk to a running daemon over its API socket)
      status                         Session, store and sink health.
      presence [CONTACT]             Current presence of all subscribed contacts, or one.
      calls                          Calls active now.
      journal [--since T] [--limit N]  Journal entries, newest first.
      events [--after SEQ] [--follow] [--type GLOB]  The event feed; --follow streams live.
      sinks                          Webhook sinks: cursor, pending, failures, last error.
      dead-letters [--sink NAME]     Deliveries that gave up.
      redeliver ID...                Queue dead letters again.

    COMMON OPTIONS
      --config PATH   Config file (default /etc/ucbridge/ucbridge.yaml).
      --socket PATH   API socket for queries (default: api.socket of the config, else /run/ucbridge/api.sock).
      --json          Machine-readable output for queries.

    EXIT STATUS
      0 ok, 1 failure or not found, 2 usage error, 3 daemon unreachable.

    Run 'ucbridge help COMMAND' for the details of one command.
    """

    static func forCommand(_ name: String) -> String? {
        switch name {
        case "run": return run
        case "check-config": return checkConfig
        case "version": return "ucbridge version\n\n  Print the version of ucbridge and exit."
        case "help": return "ucbridge help [COMMAND]\n\n  Without COMMAND, list every command; with it, print that command's manual."
        default: return clientCommandHelp(name)
        }
    }

    static let run = """
    ucbridge run [--config PATH]

      Runs the daemon in the foreground until SIGTERM or SIGINT.

      It keeps one client session on the UCServer (createsession over HTTP(S), then a WebSocket
      carrying ROSE JSON), subscribes presence, CTI lines and calls and the journal, writes every
      change as a CloudEvent into the SQLite outbox (store.path), delivers events to the configured
      webhooks and serves the query API on api.socket.

      The UCServer may be unreachable: ucbridge starts anyway, reports READY to systemd once the
      store and the API socket are up, and reconnects with exponential backoff (reconnect.*).
      After every reconnect it resyncs: what changed while it was away still produces events.

    OPTIONS
      --config PATH   Config file (default /etc/ucbridge/ucbridge.yaml).

    SIGNALS
      SIGTERM, SIGINT  Unsubscribe, abort in-flight webhook requests (they are retried later), exit 0 within 5 s.
      SIGHUP           Reload webhooks, presence subscriptions (incl. contacts_file) and log.level.

    ENVIRONMENT
      CREDENTIALS_DIRECTORY  systemd credentials: ucbridge.password, ucbridge.token, webhook.NAME.secret.
      NOTIFY_SOCKET          set by systemd: READY=1, STATUS=, WATCHDOG=1, RELOADING=1, STOPPING=1.
      LISTEN_FDS, LISTEN_PID set by systemd socket activation (ucbridge.socket): the API socket.

    EXIT STATUS
      0 after a clean stop; 1 when the config, the database or the API socket cannot be used.
    """

    static let checkConfig = """
    ucbridge check-config [--config PATH]

      Reads and validates the config file and every file it references (password_file,
      token_file, secret_file, contacts_file). On success prints the effective configuration —
      every key, defaults filled in, secrets shown as "********" with where they came from — and
      exits 0. On failure prints one line per problem as

        FILE:LINE:COLUMN: message

      and exits 1. Unknown keys, wrong types, missing required keys and bad values are errors.

    OPTIONS
      --config PATH   Config file (default /etc/ucbridge/ucbridge.yaml).
    """
}
