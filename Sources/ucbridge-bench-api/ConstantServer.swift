import CMicroHTTPD
import CShims
import Foundation

/// The baseline: libmicrohttpd with the same flags and socket setup as APIServer, answering
/// every request with a constant body — no peer-credential check, no store, no JSON.
enum ConstantServer {
    static func run(_ args: [String]) -> Int32 {
        let signals = blockStopSignals()
        guard let path = option(args, "--socket") else { return 2 }
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else { return 1 }
        let flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_POLL.rawValue | MHD_USE_ITC.rawValue
        guard let daemon = ucb_mhd_start_daemon(UInt32(flags), fd, 30, 256, constantHandler, nil, nil, nil) else { return 1 }
        say("ready \(path)")
        waitForStopSignal(signals)
        MHD_stop_daemon(daemon)
        unlink(path)
        return 0
    }
}

private let constantHandler: MHD_AccessHandlerCallback = { _, connection, _, _, _, _, uploadDataSize, requestContext in
    guard let connection, let uploadDataSize, let requestContext else { return .NO }
    if requestContext.pointee == nil {
        requestContext.pointee = UnsafeMutableRawPointer(bitPattern: 1)
        return .YES
    }
    if uploadDataSize.pointee > 0 {
        uploadDataSize.pointee = 0
        return .YES
    }
    let body = Array(#"{"ok":true}"#.utf8)
    guard let response = body.withUnsafeBytes({
        MHD_create_response_from_buffer(body.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY)
    }) else { return .NO }
    defer { MHD_destroy_response(response) }
    MHD_add_response_header(response, "Content-Type", "application/json")
    return MHD_queue_response(connection, 200, response)
}
