/// CTI enumerations (PROTOCOL.md section 8.5). Wire enums keep values they do not know
/// (`.unknown(raw)`) instead of failing: the extension markers allow new ones at any time.

/// `EnumCallState` (CTI `iCallState`) = `EAsnCallState` (presence `eCallState`).
public enum CallState: Sendable, Hashable {
    /// 0, eCALLSTATEUNKNOWN: the server itself does not know.
    case undetermined
    case destroyed, offering, dialing, ringback, busy, connected, conferenced, hold, disconnected, preparecall
    /// A value this build does not know, kept as it came.
    case unknown(Int64)

    private static let known: [(CallState, Int64, String)] = [
        (.undetermined, 0, "unknown"), (.destroyed, 1, "destroyed"), (.offering, 2, "offering"),
        (.dialing, 4, "dialing"), (.ringback, 8, "ringback"), (.busy, 16, "busy"), (.connected, 32, "connected"),
        (.conferenced, 64, "conferenced"), (.hold, 128, "hold"), (.disconnected, 256, "disconnected"),
        (.preparecall, 512, "preparecall"),
    ]

    public init(rawValue: Int64) {
        self = Self.known.first(where: { $0.1 == rawValue })?.0 ?? .unknown(rawValue)
    }

    public var rawValue: Int64 {
        if case let .unknown(v) = self { return v }
        return Self.known.first(where: { $0.0 == self })!.1
    }

    /// The name used in canonical events; unknown values read "unknown".
    public var name: String {
        if case .unknown = self { return "unknown" }
        return Self.known.first(where: { $0.0 == self })!.2
    }
}

/// `AsnCtiCallInfoChangedReason` (`reason` of notify 1283).
public enum CallChangeReason: Sendable, Hashable {
    case offering, dialing, ringback, connected, conferenced, hold, remotePartyChanged, remoteContactChanged
    case projectOrPrivateChanged, memoChanged, busy, disconnect, destroyed, holdContactChanged, other
    case callDataChanged, connectionToPhoneDestroyed
    case unknown(Int64)

    private static let ordered: [CallChangeReason] = [
        .offering, .dialing, .ringback, .connected, .conferenced, .hold, .remotePartyChanged, .remoteContactChanged,
        .projectOrPrivateChanged, .memoChanged, .busy, .disconnect, .destroyed, .holdContactChanged, .other,
        .callDataChanged, .connectionToPhoneDestroyed,
    ]

    public init(rawValue: Int64) {
        if rawValue >= 0, rawValue < Int64(Self.ordered.count) { self = Self.ordered[Int(rawValue)] } else { self = .unknown(rawValue) }
    }

    public var rawValue: Int64 {
        if case let .unknown(v) = self { return v }
        return Int64(Self.ordered.firstIndex(of: self)!)
    }
}

/// `EnumCallDisconnectedReason` (`iDisconnectedReason`).
public enum DisconnectedReason: Sendable, Hashable {
    /// 0: unknown, which is also what a normal hang-up after a connected call reports.
    case normal
    case unanswered, busy, pickedUpElsewhere, redirectedByOwner
    case unknown(Int64)

    public init(rawValue: Int64) {
        switch rawValue {
        case 0: self = .normal
        case 1: self = .unanswered
        case 2: self = .busy
        case 3: self = .pickedUpElsewhere
        case 4: self = .redirectedByOwner
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int64 {
        switch self {
        case .normal: return 0
        case .unanswered: return 1
        case .busy: return 2
        case .pickedUpElsewhere: return 3
        case .redirectedByOwner: return 4
        case let .unknown(v): return v
        }
    }

    /// `end_reason` in canonical call events.
    public var name: String {
        switch self {
        case .normal: return "normal"
        case .unanswered: return "unanswered"
        case .busy: return "busy"
        case .pickedUpElsewhere: return "picked_up_elsewhere"
        case .redirectedByOwner: return "redirected_by_owner"
        case .unknown: return "unknown"
        }
    }
}
