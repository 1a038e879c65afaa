import Foundation

/// A session that is logged in and has its WebSocket open.
struct EstablishedSession {
    let baseURL: String
    let connection: WebSocketConnection
}

/// Discovery (UCConnect only) → createsession → WebSocket, as one step of a connection attempt.
struct SessionEstablishment {
    let config: ServerConfig
    let logger: Logger

    func establish() throws -> EstablishedSession {
        let login = UCServerLogin(config: config)
        let baseURL = try login.resolveBaseURL()
        if !config.tls.verify, baseURL.lowercased().hasPrefix("https") {
            logger.warning("server.tls.verify is false: the UCServer's certificate is NOT checked")
        }
        let sessionID = try login.createSession(baseURL: baseURL)
        logger.info("created a session on \(UCServerSession.displayHost(baseURL)) as \(config.username)")
        // The documented path first; some servers only answer the form with '/' before '?'.
        do {
            return try openWebSocket(baseURL: baseURL, sessionID: sessionID, trailingSlash: false)
        } catch {
            guard error.isNotFound else { throw error }
            logger.info("WebSocket path answered 404; trying the form with '/' before '?'")
        }
        return try openWebSocket(baseURL: baseURL, sessionID: sessionID, trailingSlash: true)
    }

    private func openWebSocket(baseURL: String, sessionID: String, trailingSlash: Bool) throws(WebSocketConnectionError) -> EstablishedSession {
        let url = UCServerLogin.webSocketURL(baseURL: baseURL, sessionID: sessionID, trailingSlash: trailingSlash)
        let connection: WebSocketConnection
        do {
            connection = try WebSocketConnection()
        } catch {
            throw .system(error)
        }
        try connection.connect(url: url, tls: config.tls, timeout: config.requestTimeoutSeconds, maxMessageBytes: config.maxMessageBytes)
        return EstablishedSession(baseURL: baseURL, connection: connection)
    }
}
