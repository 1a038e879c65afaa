import Foundation
import UCBridge
import UCBridgeSim
#if canImport(Glibc)
import Glibc
#endif

switch SimCommandLine.parse(Array(CommandLine.arguments.dropFirst())) {
case .help:
    print(SimCommandLine.help)
case let .failure(message):
    FileHandle.standardError.write(Data("ucbridge-sim: \(message)\n".utf8))
    exit(2)
case .run(var options, let level):
    options.logger = Logger(label: "ucbridge-sim", sink: LogSink(level: level))
    // Block the stop signals in every thread; the main thread takes them with sigwait.
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGTERM)
    sigaddset(&signals, SIGINT)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    let simulator = Simulator(options: options)
    let port: UInt16
    do {
        port = try simulator.start()
    } catch {
        FileHandle.standardError.write(Data("ucbridge-sim: cannot listen: \(error)\n".utf8))
        exit(1)
    }
    // Written straight to fd 1 so the line is visible at once even when stdout is a pipe.
    FileHandle.standardOutput.write(Data("ucbridge-sim listening on \(options.host):\(port) control=\(simulator.controlURL)\n".utf8))
    var received: Int32 = 0
    sigwait(&signals, &received)
    options.logger.info("stopping", ["signal": String(received)])
    simulator.stop()
    options.logger.debug("stopped")
}
