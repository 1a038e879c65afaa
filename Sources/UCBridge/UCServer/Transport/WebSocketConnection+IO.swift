import Glibc

extension WebSocketConnection {
    /// Sends one text message now (owning thread).
    public func send(text: String) throws(WebSocketConnectionError) {
        try sendFrame(WebSocketFrame(opcode: .text, payload: Array(text.utf8)))
    }

    public func sendPing(_ payload: [UInt8] = []) throws(WebSocketConnectionError) {
        try sendFrame(WebSocketFrame(opcode: .ping, payload: Array(payload.prefix(125))))
    }

    func sendFrame(_ frame: WebSocketFrame) throws(WebSocketConnectionError) {
        guard state == .open else { throw .notOpen }
        try writeAll(encoder.encode(frame), deadline: Deadline(seconds: sendTimeout))
    }

    /// Waits up to `timeout` seconds for the next event. Returns nil on timeout or `wake()`
    /// (and may return nil early; callers loop).
    /// Pings are answered before they are returned. A close from the server is answered and
    /// returned; the connection is closed afterwards. Queued text is sent while waiting.
    public func receive(timeout: Double) throws(WebSocketConnectionError) -> WebSocketEvent? {
        guard state == .open || state == .closing else { throw .notOpen }
        let deadline = Deadline(seconds: timeout)
        while true {
            if state == .open {
                for text in takeQueued() { try send(text: text) }
            }
            if let event = try nextEvent() { return event }
            var chunk: [UInt8] = []
            if try readInto(&chunk, until: nil) {
                if !chunk.isEmpty { decoder.append(chunk); continue }
            } else {
                teardown()
                throw .connectionLost("the server closed the connection without a WebSocket close")
            }
            if deadline.expired { return nil }
            let revents = try poll([(socket, Int16(POLLIN)), (wakeupFD, Int16(POLLIN))], deadline: deadline)
            if revents[1] != 0 {
                drainWakeup()
                // Queued text is sent at the top of the loop; a bare wake() ends the wait.
                if state == .open, !hasQueuedText { return nil }
            }
        }
    }

    /// Starts the close handshake and waits up to `timeout` for the server's close; then the
    /// connection is closed either way. Events arriving meanwhile are discarded.
    public func close(code: UInt16 = 1000, reason: String = "", timeout: Double = 2) {
        guard state == .open else { teardown(); return }
        let deadline = Deadline(seconds: timeout)
        do {
            try writeAll(encoder.encodeClose(code: code, reason: reason), deadline: deadline)
            closeSent = true
            state = .closing
            while state == .closing, !deadline.expired {
                _ = try receive(timeout: deadline.remainingSeconds)
            }
        } catch {
            // The peer went away during the close handshake: nothing left to tell it.
        }
        teardown()
    }

    /// Decodes buffered bytes into the next event, answering control frames.
    func nextEvent() throws(WebSocketConnectionError) -> WebSocketEvent? {
        while true {
            let event: WebSocketEvent?
            do {
                guard let frame = try decoder.next() else { return nil }
                event = try assembler.consume(frame)
            } catch {
                fail(error)
                throw .protocolViolation(error)
            }
            guard let event else { continue }
            switch event {
            case let .ping(payload):
                if state == .open {
                    try sendFrame(WebSocketFrame(opcode: .pong, payload: payload))
                    pingsAnswered += 1
                }
            case let .close(code, _):
                if !closeSent {
                    // Echo the status code (RFC 6455 section 5.5.1); an empty close gets an empty one.
                    let payload = code.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } ?? []
                    _ = try? writeAll(encoder.encode(WebSocketFrame(opcode: .close, payload: payload)), deadline: Deadline(seconds: 1))
                    closeSent = true
                }
                teardown()
            default:
                break
            }
            return event
        }
    }

    /// Answers a protocol violation with the matching close code and drops the connection.
    private func fail(_ error: WebSocketProtocolError) {
        if state == .open, !closeSent {
            _ = try? writeAll(encoder.encodeClose(code: error.closeCode, reason: error.description), deadline: Deadline(seconds: 1))
            closeSent = true
        }
        teardown()
    }

    /// Writes every byte, waiting for POLLOUT when the socket (or TLS) is full. While waiting,
    /// incoming bytes are buffered so a peer that writes while we write cannot deadlock us.
    func writeAll(_ bytes: [UInt8], deadline: Deadline) throws(WebSocketConnectionError) {
        guard let easy else { throw .notOpen }
        var offset = 0
        while offset < bytes.count {
            let result: Result<Int?, CurlError> = bytes.withUnsafeBytes { all in
                Result { () throws(CurlError) in try easy.send(UnsafeRawBufferPointer(rebasing: all[offset...])) }
            }
            switch result {
            case let .success(n?):
                offset += n
                continue
            case let .failure(error):
                teardown()
                throw .connectionLost(error.description)
            case .success(nil):
                break
            }
            if deadline.expired {
                teardown()
                throw .timeout("sending (the server does not read)")
            }
            let revents = try poll([(socket, Int16(POLLOUT) | (state == .open ? Int16(POLLIN) : 0))], deadline: deadline)
            if revents[0] & Int16(POLLIN) != 0 {
                var chunk: [UInt8] = []
                if try readInto(&chunk, until: nil) { decoder.append(chunk) }
            }
        }
    }

    /// Reads whatever libcurl has (looping until CURLE_AGAIN: TLS can hold decrypted bytes
    /// that poll does not report) and appends it. With a deadline, waits for at least one byte.
    /// Returns false at end of stream when nothing was read.
    func readInto(_ out: inout [UInt8], until deadline: Deadline?) throws(WebSocketConnectionError) -> Bool {
        guard let easy else { throw .notOpen }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let before = out.count
        while true {
            let result: Result<Int?, CurlError> = buffer.withUnsafeMutableBytes { p in
                Result { () throws(CurlError) in try easy.receive(into: p) }
            }
            switch result {
            case let .failure(error):
                teardown()
                throw .connectionLost(error.description)
            case .success(0):
                // Bytes that came with the end of the stream (a close frame, a 404 page) are
                // still delivered; the next call reports the end.
                return out.count > before
            case let .success(n?):
                out.append(contentsOf: buffer[0..<n])
                continue
            case .success(nil):
                break
            }
            guard let deadline, out.count == before else { return true }
            if deadline.expired { throw .timeout("waiting for the server's answer") }
            _ = try poll([(socket, Int16(POLLIN))], deadline: deadline)
        }
    }

    func poll(_ fds: [(Int32, Int16)], deadline: Deadline) throws(WebSocketConnectionError) -> [Int16] {
        do {
            return try pollDescriptors(fds.map { (fd: $0.0, events: $0.1) }, timeoutMilliseconds: deadline.remainingMilliseconds)
        } catch {
            teardown()
            throw .system(error)
        }
    }
}
