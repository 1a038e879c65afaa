import Foundation
import UCBridge

/// Entry points for `main.swift`: the query-API client commands (status, presence, calls,
/// journal, events, sinks, dead-letters, redeliver). All logic lives in `UCBridge.ClientCommands`.
/// `defaultSocket` is `api.socket` from the config (`--config`), resolved by the caller.
func runClientCommand(_ name: String, _ args: [String], defaultSocket: String = APIConfig().socket) -> Int32 {
    let io = ClientIO(
        out: { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        },
        err: { text in
            FileHandle.standardError.write(Data(text.utf8))
        })
    return ClientCommands.run(name, args, defaultSocket: defaultSocket, io: io)
}

func isClientCommand(_ name: String) -> Bool { ClientCommands.isClientCommand(name) }

/// `ucbridge help COMMAND` for a client command; nil for other commands.
func clientCommandHelp(_ name: String) -> String? { ClientHelp.text(name) }

/// `(name, one-line summary)` of each client command, for `ucbridge help`.
var clientCommandSummaries: [(name: String, summary: String)] { ClientHelp.summaries }
