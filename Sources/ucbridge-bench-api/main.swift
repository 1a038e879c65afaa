import Foundation
import UCBridge

// ucbridge-bench-api: the query API benchmark's tools (scripts/bench/api), also used by the
// socket-activation test.
//   serve    --db PATH [--socket PATH] [--contacts N] [--ingest]   an APIServer over a real store
//   constant --socket PATH                                          MHD answering a constant (baseline)
//   load     --socket PATH [--connections N] [--seconds S] [--contacts N] [--path P]

func option(_ args: [String], _ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

/// SIGINT/SIGTERM are blocked in every thread and taken with sigwait by the main thread.
func blockStopSignals() -> sigset_t {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &set, nil)
    return set
}

func waitForStopSignal(_ set: sigset_t) {
    var set = set
    var signal: Int32 = 0
    sigwait(&set, &signal)
}

/// One line to stdout, unbuffered (the caller waits for "ready").
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "serve": exit(BenchServe.run(Array(args.dropFirst())))
case "constant": exit(ConstantServer.run(Array(args.dropFirst())))
case "load": exit(LoadClient.run(Array(args.dropFirst())))
default:
    FileHandle.standardError.write(Data("usage: ucbridge-bench-api serve|constant|load [options]\n".utf8))
    exit(2)
}
