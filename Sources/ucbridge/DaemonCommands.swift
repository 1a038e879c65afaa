import Foundation
import UCBridge

/// The `--config PATH` that `run` and `check-config` take (and nothing else), or the exit
/// code to leave with after printing help or a usage error.
private func configPathArgument(_ arguments: [String], command: String) -> Result<String, ExitStatus> {
    var args = arguments
    if args.contains("--help") || args.contains("-h") {
        print(CommandHelp.forCommand(command)!)
        return .failure(ExitStatus(code: ExitCode.ok))
    }
    let configOption = extractOption("--config", from: &args)
    if case .some(nil) = configOption {
        printError("--config needs a path")
        return .failure(ExitStatus(code: ExitCode.usage))
    }
    if let extra = args.first {
        printError("\(command): unexpected argument '\(extra)'\nusage: ucbridge \(command) [--config PATH]")
        return .failure(ExitStatus(code: ExitCode.usage))
    }
    return .success((configOption ?? nil) ?? defaultConfigPath)
}

struct ExitStatus: Error {
    let code: Int32
}

/// `ucbridge run [--config PATH]`.
enum RunCommand {
    static func run(_ arguments: [String]) -> Int32 {
        let path: String
        switch configPathArgument(arguments, command: "run") {
        case let .success(p): path = p
        case let .failure(exit): return exit.code
        }
        let config: Config
        do {
            config = try ConfigLoader.load(path: path, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return ExitCode.failure
        }
        let sink = LogSink(level: config.log.level)
        return Daemon(config: config, configPath: path, logSink: sink).run()
    }
}

/// `ucbridge check-config [--config PATH]`.
enum CheckConfigCommand {
    static func run(_ arguments: [String]) -> Int32 {
        let path: String
        switch configPathArgument(arguments, command: "check-config") {
        case let .success(p): path = p
        case let .failure(exit): return exit.code
        }
        do {
            let config = try ConfigLoader.load(path: path, environment: ProcessInfo.processInfo.environment)
            print(ConfigRenderer.render(config), terminator: "")
            return ExitCode.ok
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return ExitCode.failure
        }
    }
}
