import Foundation
import UCBridge

/// `ucbridge run [--config PATH]`.
enum RunCommand {
    static func run(_ arguments: [String]) -> Int32 {
        var args = arguments
        if args.contains("--help") || args.contains("-h") {
            print(CommandHelp.forCommand("run")!)
            return ExitCode.ok
        }
        let configOption = extractOption("--config", from: &args)
        if case .some(nil) = configOption {
            printError("--config needs a path")
            return ExitCode.usage
        }
        if let extra = args.first {
            printError("run: unexpected argument '\(extra)'\nusage: ucbridge run [--config PATH]")
            return ExitCode.usage
        }
        let path = (configOption ?? nil) ?? defaultConfigPath
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
        var args = arguments
        if args.contains("--help") || args.contains("-h") {
            print(CommandHelp.forCommand("check-config")!)
            return ExitCode.ok
        }
        let configOption = extractOption("--config", from: &args)
        if case .some(nil) = configOption {
            printError("--config needs a path")
            return ExitCode.usage
        }
        if let extra = args.first {
            printError("check-config: unexpected argument '\(extra)'\nusage: ucbridge check-config [--config PATH]")
            return ExitCode.usage
        }
        let path = (configOption ?? nil) ?? defaultConfigPath
        do {
            let config = try ConfigLoader.load(path: path, environment: ProcessInfo.processInfo.environment)
            print("# \(path): OK — effective configuration, secrets masked")
            print(ConfigRenderer.render(config), terminator: "")
            return ExitCode.ok
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return ExitCode.failure
        }
    }
}
