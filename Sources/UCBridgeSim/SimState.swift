import Foundation
import UCBridge

/// A user known to the simulated presence system.
struct SimContact: Sendable {
    var id: String              // sip:user@domain
    var userName: String        // CTI server user name
    var displayName: String
    var firstName: String
    var lastName: String
    var company = "Example GmbH"
    var department: String
    var phoneBusiness: String
    var phoneMobile: String?
    var lineURI: String?        // the contact's primary line, shown in presence seqPhoneLines
    var presenceState: Int64    // AsnPresenceV2.iPresenceState
    var absentState: Int64 = 0  // AsnAbsentStateEnum
    var note = ""
}

/// A line forward (`AsnLineForward`).
struct SimForward: Sendable {
    var internalID: Int64
    var mode: Int64             // EnumForwardModes bit
    var destination: String
    var noAnswerTime: Int64 = 0
}

/// A line of the logged-in user (`AsnCtiLineInfo` plus its monitor state).
struct SimLine: Sendable {
    var uri: String
    var descriptor: String
    var phoneNumber: String
    var type: Int64             // 1 primary, 2 secondary
    var lineFeatures: Int64
    var addressName: String
    var doNotDisturb = false
    var forwards: [SimForward] = []
}

/// `EnumCallState`; the control API names states, the wire carries the numbers.
enum SimCallState: String, CaseIterable, Sendable {
    case destroyed, offering, dialing, ringback, busy, connected, conferenced, hold, disconnected

    var wireValue: Int64 {
        switch self {
        case .destroyed: return 1
        case .offering: return 2
        case .dialing: return 4
        case .ringback: return 8
        case .busy: return 16
        case .connected: return 32
        case .conferenced: return 64
        case .hold: return 128
        case .disconnected: return 256
        }
    }

    /// The `AsnCtiCallInfoChangedReason` a transition into this state is reported with.
    var reason: Int64 {
        switch self {
        case .offering: return 0
        case .dialing: return 1
        case .ringback: return 2
        case .connected: return 3
        case .conferenced: return 4
        case .hold: return 5
        case .busy: return 10
        case .disconnected: return 11
        case .destroyed: return 12
        }
    }

    /// `EnumCallFeatures` a real PBX offers in this state (values as in the fixtures).
    var features: Int64 {
        switch self {
        case .offering: return 1569
        case .connected: return 2_105_634
        case .hold: return 16384 | 32
        case .destroyed: return 0
        default: return 32
        }
    }
}

/// A call on one of the login user's lines.
struct SimCall: Sendable {
    var connectionID: String
    var line: String
    var state: SimCallState
    var outbound: Bool
    var internalCall = false
    var remoteNumber: String
    var remoteName: String?
    var remoteCompany: String?
    var trackerID: String
    var pbxCallID: String
    var disconnectedReason: Int64 = 0
    var created: Date
    var connected: Date?
    var disconnected: Date?
}

/// One journal entry revision (`AsnNetDatabaseJournal`). Deleted entries stay as tombstones so a
/// catch-up by transaction id can report the deletion.
struct SimJournalEntry: Sendable {
    var connectionID: String
    var start: Date
    var stop: Date
    var connect: Date?
    var disconnect: Date?
    var outbound: Bool
    var internalCall = false
    var lineNumber: String
    var lineName: String
    var lineUserName: String
    var localNumber: String
    var phoneNumber: String
    var contactName = ""
    var contactCompany = ""
    var memo = ""
    var subject = ""
    var read = false
    var trackerID: String
    var transactionID: Int64
    var deleted = false
    /// Still in the server's offline store (asnGetOfflineJournal with iMarkRead 1 clears it).
    var offline = true
}

/// The whole simulated world. Value type; the `Simulator` guards the one instance with its lock.
struct SimState: Sendable {
    var loginContactID: String
    var contacts: [String: SimContact] = [:]
    var lines: [SimLine] = []
    var calls: [String: SimCall] = [:]
    var journal: [String: SimJournalEntry] = [:]
    var lastTransactionID: Int64 = 48200

    var loginContact: SimContact? { contacts[loginContactID] }

    func line(_ uri: String) -> SimLine? { lines.first { $0.uri == uri } }
    func lineIndex(_ uri: String) -> Int? { lines.firstIndex { $0.uri == uri } }

    func calls(on line: String) -> [SimCall] {
        calls.values.filter { $0.line == line }.sorted { $0.created < $1.created }
    }

    mutating func nextTransactionID() -> Int64 {
        lastTransactionID += 1
        return lastTransactionID
    }

    /// Non-deleted entries, newest start first.
    var liveJournal: [SimJournalEntry] {
        journal.values.filter { !$0.deleted }.sorted { ($0.start, $0.connectionID) > ($1.start, $1.connectionID) }
    }
}
