import CMicroHTTPD
import CShims
import Foundation

/// Owns one libmicrohttpd daemon on a pre-bound listening socket. Thread per connection:
/// handlers and stream readers may block without stalling other clients, and nothing polls.
final class MHDServer: @unchecked Sendable {
    typealias Respond = @Sendable (APIRequest) -> APIResponse

    private var daemon: OpaquePointer?
    private let respond: Respond
    let logger: Logger
    let metrics: Metrics

    init(respond: @escaping Respond, logger: Logger, metrics: Metrics) {
        self.respond = respond
        self.logger = logger
        self.metrics = metrics
        metrics.describe("ucbridge_api_requests_total", "counter", "Query API requests answered, by method and status")
    }

    /// Starts serving `listenFD`; MHD owns (and on stop closes) the descriptor from here on.
    func start(listenFD: Int32, connectionTimeoutSeconds: UInt32, connectionLimit: UInt32) -> Bool {
        let flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_THREAD_PER_CONNECTION.rawValue
            | MHD_USE_POLL.rawValue | MHD_USE_ITC.rawValue
        daemon = ucb_mhd_start_daemon(UInt32(flags), listenFD, connectionTimeoutSeconds, connectionLimit,
                                      mhdAccessHandler, Unmanaged.passUnretained(self).toOpaque(), nil, nil)
        return daemon != nil
    }

    /// Closes the listening socket, ends every connection and joins their threads.
    func stop() {
        guard let daemon else { return }
        self.daemon = nil
        MHD_stop_daemon(daemon)
    }

    deinit { stop() }

    // MARK: called on connection threads

    fileprivate func handle(_ connection: OpaquePointer, url: String, method: String) -> MHD_Result {
        let fd = ucb_mhd_connection_fd(connection)
        var request = APIRequest(method: method, path: url, peer: PeerCredentials.of(fd: fd), connectionFD: fd)
        request.query = Self.arguments(connection)
        if let lastID = MHD_lookup_connection_value(connection, .HEADER_KIND, "Last-Event-ID") {
            request.headers["Last-Event-ID"] = String(cString: lastID)
        }
        let response = respond(request)
        return queue(response, on: connection, method: method)
    }

    private func queue(_ response: APIResponse, on connection: OpaquePointer, method: String) -> MHD_Result {
        let status: Int
        let mhdResponse: OpaquePointer?
        switch response {
        case let .body(code, contentType, bytes, headers):
            status = code
            mhdResponse = bytes.withUnsafeBytes {
                MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY)
            }
            if let mhdResponse {
                MHD_add_response_header(mhdResponse, "Content-Type", contentType)
                for (name, value) in headers { MHD_add_response_header(mhdResponse, name, value) }
            }
        case let .stream(stream):
            status = 200
            let context = Unmanaged.passRetained(stream).toOpaque()
            mhdResponse = MHD_create_response_from_callback(UInt64.max, 16 * 1024, mhdStreamReader, context, mhdStreamFree)
            if let mhdResponse {
                MHD_add_response_header(mhdResponse, "Content-Type", "text/event-stream; charset=utf-8")
                MHD_add_response_header(mhdResponse, "Cache-Control", "no-cache")
            } else {
                Unmanaged<EventStream>.fromOpaque(context).release()
                stream.finish()
            }
        }
        metrics.increment("ucbridge_api_requests_total", [("method", method), ("code", String(status))])
        guard let mhdResponse else { return .NO }
        defer { MHD_destroy_response(mhdResponse) }
        return MHD_queue_response(connection, UInt32(status), mhdResponse)
    }

    private static func arguments(_ connection: OpaquePointer) -> [String: String] {
        final class Box { var values: [String: String] = [:] }
        let box = Box()
        withExtendedLifetime(box) {
            _ = MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let box = Unmanaged<Box>.fromOpaque(cls).takeUnretainedValue()
                let name = String(cString: key)
                // The first occurrence wins, as with MHD_lookup_connection_value.
                if box.values[name] == nil { box.values[name] = value.map { String(cString: $0) } ?? "" }
                return .YES
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        return box.values
    }
}

/// MHD calls this at least twice per request: first with the headers (we only note that the
/// request exists), then with each piece of the body (discarded: no endpoint takes one), and
/// once more with an empty piece, when we answer.
private let mhdAccessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, _, uploadDataSize, requestContext in
    guard let cls, let connection, let url, let method, let uploadDataSize, let requestContext else { return .NO }
    if requestContext.pointee == nil {
        requestContext.pointee = UnsafeMutableRawPointer(bitPattern: 1)
        return .YES
    }
    if uploadDataSize.pointee > 0 {
        uploadDataSize.pointee = 0
        return .YES
    }
    let server = Unmanaged<MHDServer>.fromOpaque(cls).takeUnretainedValue()
    return server.handle(connection, url: String(cString: url), method: String(cString: method))
}

private let mhdStreamReader: MHD_ContentReaderCallback = { cls, _, buffer, max in
    guard let cls, let buffer else { return -2 }
    let stream = Unmanaged<EventStream>.fromOpaque(cls).takeUnretainedValue()
    guard let n = stream.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: max)) else {
        return -1  // MHD_CONTENT_READER_END_OF_STREAM
    }
    return n
}

private let mhdStreamFree: MHD_ContentReaderFreeCallback = { cls in
    guard let cls else { return }
    Unmanaged<EventStream>.fromOpaque(cls).takeRetainedValue().finish()
}
