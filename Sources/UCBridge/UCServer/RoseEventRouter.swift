import Foundation

/// Turns ROSE events into normalizer inputs. Runs on the connection thread; events without a
/// handler are counted and dropped, never answered (PROTOCOL.md 2.2).
final class RoseEventRouter: @unchecked Sendable {
    private let sink: IngestSink
    private let logger: Logger
    private let metrics: Metrics
    private let followUp: (SessionFollowUp) -> Void

    init(sink: IngestSink, logger: Logger, metrics: Metrics, followUp: @escaping (SessionFollowUp) -> Void) {
        self.sink = sink
        self.logger = logger
        self.metrics = metrics
        self.followUp = followUp
    }

    func route(_ event: RoseInvoke) {
        let name = event.operationName ?? OperationCatalog.entry(id: event.operationID)?.name ?? "operation \(event.operationID)"
        metrics.increment("ucbridge_rose_events_total", [("operation", name)])
        let arg = event.argument
        switch event.operationID {
        case RoseOperation.transportKeepAlive.id, RoseOperation.keepAlive.id:
            return
        case RoseOperation.ctiNotifyLineAddRemove.id:
            if arg["addremove"]?.intValue == 0, let uri = arg["u8sLinePhoneNumber"]?.stringValue { followUp(.lineAdded(uri)) }
        case RoseOperation.ctiNotifyMonitorStopped.id:
            if let crossRef = arg["u8sMonitorCrossRefID"]?.stringValue { followUp(.monitorStopped(crossRef)) }
        default:
            break
        }
        do {
            guard let input = try IngestInput.event(operationID: event.operationID, argument: arg) else {
                metrics.increment("ucbridge_rose_unhandled_events_total", [("operation", name)])
                logger.debug("no handler for event \(name); dropped")
                return
            }
            sink.ingest(input)
        } catch {
            metrics.increment("ucbridge_rose_malformed_total", [("kind", "argument")])
            logger.warning("ignored event \(name): \(error)")
        }
    }
}
