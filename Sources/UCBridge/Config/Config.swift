import Foundation

/// The effective configuration (ARCHITECTURE.md section 7). Every field has the documented
/// default; `ConfigLoader` fills these from YAML and validates them. Secrets are `Secret`
/// values, which never print themselves.
public struct Config: Sendable, Equatable {
    public var server = ServerConfig()
    public var subscribe = SubscribeConfig()
    public var store = StoreConfig()
    public var api = APIConfig()
    public var webhooks: [WebhookConfig] = []
    public var log = LogConfig()
    /// Where this config was read from (for messages and reload); nil when built in code.
    public var sourcePath: String?

    public init() {}
}

/// A secret value (password, token, webhook secret). Its description is masked so that it
/// cannot reach a log line or `check-config` output by accident.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    /// Where it came from, e.g. `password_file /etc/ucbridge/password` — safe to print.
    public let origin: String

    public init(_ value: String, origin: String) {
        self.value = value
        self.origin = origin
    }

    public var description: String { "******** (\(origin))" }
    public var debugDescription: String { description }
}

public struct TLSConfig: Sendable, Equatable {
    public var caFile: String?
    public var verify = true
    public init(caFile: String? = nil, verify: Bool = true) {
        self.caFile = caFile
        self.verify = verify
    }
}

public struct ServerConfig: Sendable, Equatable {
    /// http(s) base URL of the UCServer web service or UCWeb; nil when `ucconnect` is used.
    public var url: String?
    public var ucconnect: UCConnectConfig?
    public var ucsid = "local"
    public var username = ""
    public var password: Secret?
    public var token: Secret?
    public var tls = TLSConfig()
    public var keepaliveSeconds: Double = 30
    public var requestTimeoutSeconds: Double = 10
    public var reconnect = ReconnectConfig()
    /// Largest WebSocket message accepted from the server, in bytes.
    public var maxMessageBytes = 16 * 1024 * 1024
    public init() {}
}

public struct UCConnectConfig: Sendable, Equatable {
    public var controller = "https://uccontroller.ucconnect.de"
    public var ucsid = ""
    public init() {}
}

public struct ReconnectConfig: Sendable, Equatable {
    public var initialSeconds: Double = 1
    public var maxSeconds: Double = 60
    public init() {}
}

public struct SubscribeConfig: Sendable, Equatable {
    public var presence = PresenceSubscription()
    public var cti = CTISubscription()
    public var journal = JournalSubscription()
    public init() {}
}

public struct PresenceSubscription: Sendable, Equatable {
    public var contacts: [String] = []
    /// A file with one contact ID per line (`#` comments allowed), re-read on SIGHUP.
    public var contactsFile: String?
    /// The contacts read from `contactsFile` at load (see `reloadingContactsFile()`).
    public var contactsFromFile: [String] = []
    public init() {}
}

public struct CTISubscription: Sendable, Equatable {
    public enum Lines: Sendable, Equatable {
        case all
        case none
        case list([String])
    }
    public var lines: Lines = .all
    public init() {}
}

public struct JournalSubscription: Sendable, Equatable {
    public var enabled = true
    public var catchUpDays = 7
    public init() {}
}

public struct StoreConfig: Sendable, Equatable {
    public var path = "/var/lib/ucbridge/ucbridge.db"
    public var retention = RetentionConfig()
    public init() {}
}

public struct RetentionConfig: Sendable, Equatable {
    public var maxAgeDays = 14
    public var maxEvents = 5_000_000
    public init() {}
}

public struct APIConfig: Sendable, Equatable {
    public var socket = "/run/ucbridge/api.sock"
    /// File mode of the socket, e.g. 0o660.
    public var mode: UInt32 = 0o660
    public var allowUIDs: [UInt32] = []
    /// Group names or numeric gids; resolved at start.
    public var allowGroups: [String] = ["ucbridge"]
    public init() {}
}

public struct WebhookConfig: Sendable, Equatable {
    public var name: String
    public var url: String
    /// One or more `whsec_` secrets; during a rotation every one signs.
    public var secrets: [Secret] = []
    /// Type globs, e.g. `ucbridge.call.*`; empty = every event.
    public var events: [String] = []
    /// Extra request headers. Values are treated as secrets when printed.
    public var headers: [(String, String)] = []
    public var timeoutSeconds: Double = 10
    public var maxInFlight = 8
    public var retry = RetryConfig()
    public var includeRaw = false
    public var tls = TLSConfig()

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    public static func == (a: WebhookConfig, b: WebhookConfig) -> Bool {
        a.name == b.name && a.url == b.url && a.secrets == b.secrets && a.events == b.events
            && a.headers.map { "\($0.0):\($0.1)" } == b.headers.map { "\($0.0):\($0.1)" }
            && a.timeoutSeconds == b.timeoutSeconds && a.maxInFlight == b.maxInFlight && a.retry == b.retry
            && a.includeRaw == b.includeRaw && a.tls == b.tls
    }
}

public struct RetryConfig: Sendable, Equatable {
    public var maxAttempts = 15
    public var maxAgeHours: Double = 72
    public var initialSeconds: Double = 1
    public var maxSeconds: Double = 900
    public init() {}
}

public struct LogConfig: Sendable, Equatable {
    public var level: LogLevel = .info
    public init() {}
}
