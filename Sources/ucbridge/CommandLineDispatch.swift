import Foundation
import UCBridge

/// Exit codes a script can test (shared by every subcommand).
enum ExitCode {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
}

enum CommandLineDispatch {
    static func run(_ args: [String]) -> Int32 {
        guard let command = args.first else {
            print(CommandHelp.overview)
            return ExitCode.usage
        }
        let rest = Array(args.dropFirst())
        switch command {
        case "help", "--help", "-h":
            guard let topic = rest.first else {
                print(CommandHelp.overview)
                return ExitCode.ok
            }
            guard let text = CommandHelp.forCommand(topic) else {
                printError("no help for '\(topic)'; commands: \(CommandHelp.commandNames.joined(separator: ", "))")
                return ExitCode.usage
            }
            print(text)
            return ExitCode.ok
        case "version", "--version":
            print("ucbridge \(UCBridgeVersion.current)")
            return ExitCode.ok
        case "run":
            return RunCommand.run(rest)
        case "check-config":
            return CheckConfigCommand.run(rest)
        default:
            if isClientCommand(command) {
                var args = rest
                let configOption = extractOption("--config", from: &args)
                if case .some(nil) = configOption {
                    printError("--config needs a path")
                    return ExitCode.usage
                }
                return runClientCommand(command, args, defaultSocket: defaultSocket(configPath: configOption ?? nil))
            }
            printError("unknown command '\(command)'\n\(CommandHelp.usageLine)")
            return ExitCode.usage
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("ucbridge: \(message)\n".utf8))
}

/// `--config PATH` (or `--config=PATH`) from an argument list; the rest is returned unchanged.
func extractOption(_ name: String, from args: inout [String]) -> String?? {
    var value: String??
    var i = 0
    while i < args.count {
        if args[i] == name {
            guard i + 1 < args.count else { return .some(nil) }
            value = .some(args[i + 1])
            args.removeSubrange(i...(i + 1))
            continue
        }
        if args[i].hasPrefix(name + "=") {
            value = .some(String(args[i].dropFirst(name.count + 1)))
            args.remove(at: i)
            continue
        }
        i += 1
    }
    return value
}

let defaultConfigPath = "/etc/ucbridge/ucbridge.yaml"

/// The API socket a query command talks to when `--socket` is not given: `api.socket` of the
/// config named by `--config`, else of the default config if it is readable, else the default.
func defaultSocket(configPath: String?) -> String {
    let path = configPath ?? defaultConfigPath
    guard configPath != nil || FileManager.default.isReadableFile(atPath: path) else { return APIConfig().socket }
    do {
        return try ConfigLoader.load(path: path, environment: ProcessInfo.processInfo.environment).api.socket
    } catch {
        if configPath != nil { printError("\(error)") }
        return APIConfig().socket
    }
}
