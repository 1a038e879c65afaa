import Dispatch
import Foundation

/// Turns SIGTERM/SIGINT/SIGHUP into calls on a queue of ours, so that nothing runs inside a
/// signal handler: stop is cancel → close → drain, reload re-reads the config.
public final class SignalWatcher: @unchecked Sendable {
    private let queue = DispatchQueue(label: "ucbridge.signals")
    private var sources: [DispatchSourceSignal] = []

    public init(onStop: @escaping @Sendable (Int32) -> Void, onReload: @escaping @Sendable () -> Void) {
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                if sig == SIGHUP { onReload() } else { onStop(sig) }
            }
            source.resume()
            sources.append(source)
        }
    }

    public func cancel() {
        for s in sources { s.cancel() }
        sources.removeAll()
    }
}
