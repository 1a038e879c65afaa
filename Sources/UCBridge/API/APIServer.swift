import Foundation

/// Limits of the query API server; the defaults suit the daemon, tests shorten them.
public struct APIServerOptions: Sendable {
    /// Idle keep-alive connections are closed after this long.
    public var connectionTimeoutSeconds: UInt32 = 30
    public var connectionLimit: UInt32 = 256
    /// Event streams open at once; more get 503.
    public var maxEventStreams = 64
    /// A stream with nothing to send writes a comment this often, so proxies and clients see it alive.
    public var heartbeatSeconds: TimeInterval = 15

    public init() {}
}

/// The local query API (ARCHITECTURE.md §6): HTTP/1.1 on a Unix socket, from systemd socket
/// activation or created at `api.socket`, every request checked against `api.allow` with the
/// kernel's peer credentials.
public final class APIServer: @unchecked Sendable {
    private let config: APIConfig
    private let context: APIContext
    private let logger: Logger
    private let options: APIServerOptions
    private let readers: StoreReaderPool
    private let hub: EventStreamHub
    private let http: MHDServer
    private let lock = NSLock()
    private var listener: APIListenSocket?
    private var observerID: Int?

    public init(config: APIConfig, context: APIContext, logger: Logger, options: APIServerOptions = APIServerOptions()) throws {
        self.config = config
        self.context = context
        self.logger = logger
        self.options = options
        let policy = APIAccessPolicy(config: config)
        if !policy.unknownGroups.isEmpty {
            logger.warning("api.allow.groups names groups that do not exist", ["groups": policy.unknownGroups.joined(separator: ",")])
        }
        let metrics = context.metrics
        readers = StoreReaderPool(store: context.store)
        hub = EventStreamHub(limit: options.maxEventStreams, heartbeatInterval: options.heartbeatSeconds, metrics: metrics)
        let endpoints = APIEndpoints(context: context, readers: readers, streams: hub, logger: logger)
        metrics.describe("ucbridge_api_denied_total", "counter", "Query API requests refused by api.allow")
        let router = APIRouter(routes: endpoints.routes) { request in
            if let peer = request.peer, policy.allows(peer, connectionFD: request.connectionFD) { return nil }
            logger.warning("API request denied by api.allow", [
                "uid": request.peer.map { String($0.uid) } ?? "unknown", "pid": request.peer.map { String($0.pid) } ?? "unknown",
                "path": request.path,
            ])
            metrics.increment("ucbridge_api_denied_total")
            return .forbidden
        }
        http = MHDServer(respond: { router.handle($0) }, logger: logger, metrics: metrics)
        ProcessMetrics.register(on: metrics, store: context.store)
    }

    /// The socket path when we created it, nil when systemd passed the socket or before start.
    public var socketPath: String? { lock.withLock { listener?.createdPath } }

    public func start() throws {
        let listener: APIListenSocket
        if let inherited = try APIListenSocket.activated() {
            listener = inherited
            logger.info("API serving on the socket passed by systemd", ["fd": String(inherited.fd)])
        } else {
            listener = try APIListenSocket.bind(path: config.socket, mode: config.mode)
            logger.info("API serving", ["socket": config.socket, "mode": String(config.mode, radix: 8)])
        }
        // Observer first, then the current value: no commit can fall between the two.
        let hub = self.hub
        let id = context.store.writer.addCommitObserver { hub.committed($0) }
        hub.committed(context.store.writer.lastCommittedSequence)
        guard http.start(listenFD: listener.fd, connectionTimeoutSeconds: options.connectionTimeoutSeconds,
                         connectionLimit: options.connectionLimit) else {
            context.store.writer.removeCommitObserver(id)
            close(listener.fd)
            if let path = listener.createdPath { unlink(path) }
            throw APIServerError.daemonStartFailed(path: listener.createdPath ?? "fd \(listener.fd)")
        }
        lock.withLock {
            self.listener = listener
            observerID = id
        }
    }

    /// Ends open event streams, closes the socket (removing the file we created) and joins
    /// the connection threads. Idempotent.
    public func stop() {
        hub.stop()
        http.stop()
        let (listener, id) = lock.withLock { () -> (APIListenSocket?, Int?) in
            defer { self.listener = nil; observerID = nil }
            return (self.listener, observerID)
        }
        if let id { context.store.writer.removeCommitObserver(id) }
        if let path = listener?.createdPath { unlink(path) }
        readers.drain()
    }

    deinit { stop() }
}
