import Foundation

/// `AsnNetDatabaseJournal` (PROTOCOL.md section 9.2): one call in the conversation history.
/// All members are mandatory in the schema; a delete may carry little more than the id, so
/// only `u8sConnectionID` is required here.
public struct JournalEntry: Sendable, Equatable {
    public var connectionID: String
    public var startTime: Date?
    public var stopTime: Date?
    public var durationTotal: Int64?
    public var connectTime: Date?
    public var disconnectTime: Date?
    public var durationConnected: Int64?
    /// 1 outbound, 0 inbound.
    public var origin: Int64?
    public var internalCall: Bool?
    public var lineNumber: String?
    public var lineName: String?
    public var lineUserName: String?
    public var localNumber: String?
    public var phoneNumber: String?
    public var redirectingNumber: String?
    public var contactName: String?
    public var contactCompany: String?
    public var contactEntryID: String?
    public var ctiServerUserName: String?
    /// `iSucessState` (sic); undocumented values, 0 seen for answered calls.
    public var successState: Int64?
    public var subject: String?
    public var memo: String?
    public var read: Bool?
    public var trackerID: String?
    public var acceptorName: String?
    /// `projectPinRule.u8sProjectName`.
    public var projectName: String?
    public var optionalParams: OptionalParams?
    public var original = WireOriginal()

    public init(connectionID: String, startTime: Date? = nil, stopTime: Date? = nil, durationTotal: Int64? = nil, connectTime: Date? = nil,
                disconnectTime: Date? = nil, durationConnected: Int64? = nil, origin: Int64? = nil, internalCall: Bool? = nil,
                lineNumber: String? = nil, lineName: String? = nil, lineUserName: String? = nil, localNumber: String? = nil,
                phoneNumber: String? = nil, redirectingNumber: String? = nil, contactName: String? = nil, contactCompany: String? = nil,
                contactEntryID: String? = nil, ctiServerUserName: String? = nil, successState: Int64? = nil, subject: String? = nil,
                memo: String? = nil, read: Bool? = nil, trackerID: String? = nil, acceptorName: String? = nil,
                projectName: String? = nil, optionalParams: OptionalParams? = nil) {
        self.connectionID = connectionID
        self.startTime = startTime
        self.stopTime = stopTime
        self.durationTotal = durationTotal
        self.connectTime = connectTime
        self.disconnectTime = disconnectTime
        self.durationConnected = durationConnected
        self.origin = origin
        self.internalCall = internalCall
        self.lineNumber = lineNumber
        self.lineName = lineName
        self.lineUserName = lineUserName
        self.localNumber = localNumber
        self.phoneNumber = phoneNumber
        self.redirectingNumber = redirectingNumber
        self.contactName = contactName
        self.contactCompany = contactCompany
        self.contactEntryID = contactEntryID
        self.ctiServerUserName = ctiServerUserName
        self.successState = successState
        self.subject = subject
        self.memo = memo
        self.read = read
        self.trackerID = trackerID
        self.acceptorName = acceptorName
        self.projectName = projectName
        self.optionalParams = optionalParams
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnNetDatabaseJournal")
        connectionID = try json.requireString(["u8sConnectionID"], type: "AsnNetDatabaseJournal")
        startTime = json.time("stStartTime")
        stopTime = json.time("stStopTime")
        durationTotal = json.int("iDurationTotal")
        connectTime = json.time("stConnectTime")
        disconnectTime = json.time("stDisconnectTime")
        durationConnected = json.int("iDurationConnected")
        origin = json.int("iOrigin")
        internalCall = json.bool("iInternal")
        lineNumber = json.string("u8sLineNumber")
        lineName = json.string("u8sLineName")
        lineUserName = json.string("u8sLineUserName")
        localNumber = json.string("u8sLocalNumber")
        phoneNumber = json.string("u8sPhoneNumber")
        redirectingNumber = json.string("u8sRedirectingNumber")
        contactName = json.string("u8sContactName")
        contactCompany = json.string("u8sContactCompany")
        contactEntryID = json.string("u8sContactEntryID")
        ctiServerUserName = json.string("u8sCtiServerUserName", "u8sCtIServerUserName")
        successState = json.int("iSucessState", "iSuccessState")
        subject = json.string("u8sSubject")
        memo = json.string("u8sMemo")
        read = json.bool("iReadFlag")
        trackerID = json.string("u8sTrackerID")
        acceptorName = json.string("u8sAcceptorName")
        projectName = json.object("projectPinRule")?.string("u8sProjectName")
        optionalParams = json["optionalParams"].flatMap(OptionalParams.init(json:))
        original = WireOriginal(json)
    }

    /// The per-entry revision (`optionalParams.iTransactionID`, integer or string).
    public var transactionID: Int64? { optionalParams?.integer("iTransactionID") }

    public var json: JSONValue {
        var o = WireObject()
        o.put("u8sConnectionID", connectionID)
        o.put("stStartTime", startTime, mandatory: true)
        o.put("stStopTime", stopTime, mandatory: true)
        o.put("iDurationTotal", durationTotal, mandatory: true)
        o.put("stConnectTime", connectTime, mandatory: true)
        o.put("stDisconnectTime", disconnectTime, mandatory: true)
        o.put("iDurationConnected", durationConnected, mandatory: true)
        o.put("iOrigin", origin, mandatory: true)
        o.put("iInternal", JSONValue.int(internalCall == true ? 1 : 0))
        o.put("u8sLineNumber", lineNumber, mandatory: true)
        o.put("u8sLineName", lineName, mandatory: true)
        o.put("u8sLineUserName", lineUserName, mandatory: true)
        o.put("iLineUserOffline", JSONValue.int(0))
        o.put("u8sLocalNumber", localNumber, mandatory: true)
        o.put("u8sPhoneNumber", phoneNumber, mandatory: true)
        o.put("u8sRedirectingNumber", redirectingNumber, mandatory: true)
        o.put("u8sContactName", contactName, mandatory: true)
        o.put("u8sContactCompany", contactCompany, mandatory: true)
        o.put("u8sContactEntryID", contactEntryID, mandatory: true)
        o.put("u8sContactEntryStoreID", JSONValue.string(""))
        o.put("u8sContactEntryDBID", JSONValue.string(""))
        o.put("u8sCtiServerUserName", ctiServerUserName, mandatory: true)
        o.put("u8sProviderNumber", JSONValue.string(""))
        o.put("iSucessState", successState, mandatory: true)
        o.put("u8sSubject", subject, mandatory: true)
        o.put("u8sMemo", memo, mandatory: true)
        o.put("iReadFlag", JSONValue.int(read == true ? 1 : 0))
        o.put("projectPinRule", ProjectPinRule.named(projectName))
        o.put("u8sTrackerID", trackerID, mandatory: true)
        o.put("u8sAcceptorName", acceptorName, mandatory: true)
        o.put("u8sAcceptorCtiServerUserName", JSONValue.string(""))
        o.put("u8sAcceptorConnectionID", JSONValue.string(""))
        o.put("optionalParams", optionalParams?.json)
        return o.json
    }
}

/// `AsnJournalEntryChangedArgument` (an element of `asnJournalEntryListChanged`, or the whole
/// argument of the older `asnJournalEntryChanged`).
public struct JournalChange: Sendable, Equatable {
    /// `iFlags` is a value, not a bit set.
    public enum Kind: Sendable, Hashable {
        case added, modified, deleted, addedOrModified
        case unknown(Int64)

        public init(rawValue: Int64) {
            switch rawValue {
            case 1: self = .added
            case 2: self = .modified
            case 3: self = .deleted
            case 4: self = .addedOrModified
            default: self = .unknown(rawValue)
            }
        }

        public var rawValue: Int64 {
            switch self {
            case .added: return 1
            case .modified: return 2
            case .deleted: return 3
            case .addedOrModified: return 4
            case let .unknown(v): return v
            }
        }
    }

    public var kind: Kind
    public var entry: JournalEntry
    public var optionalParams: OptionalParams?
    public var original = WireOriginal()

    public init(kind: Kind, entry: JournalEntry, optionalParams: OptionalParams? = nil) {
        self.kind = kind
        self.entry = entry
        self.optionalParams = optionalParams
    }

    public init(json: JSONValue) throws(ModelDecodingError) {
        try json.requireObject("AsnJournalEntryChangedArgument")
        guard let e = json.object("journalEntry") else { throw .missingMember("journalEntry", type: "AsnJournalEntryChangedArgument") }
        entry = try JournalEntry(json: e)
        kind = Kind(rawValue: json.int("iFlags") ?? 4)
        optionalParams = json["optionalParams"].flatMap(OptionalParams.init(json:))
        original = WireOriginal(json)
    }

    /// The revision: the change's own `iTransactionID` (documented as a string), else the entry's.
    public var transactionID: Int64? { optionalParams?.integer("iTransactionID") ?? entry.transactionID }

    public var json: JSONValue {
        var o = WireObject()
        o.put("iFlags", kind.rawValue)
        o.put("journalEntry", entry.json)
        o.put("optionalParams", optionalParams?.json)
        return o.json
    }

    /// Decodes `asnJournalEntryListChanged` (`journalEntryChangedList`) or the single-entry
    /// `asnJournalEntryChanged` argument. Undecodable elements are skipped.
    public static func list(json: JSONValue) throws(ModelDecodingError) -> [JournalChange] {
        if let items = json.list("journalEntryChangedList", as: JournalChange.init(json:)) { return items }
        return [try JournalChange(json: json)]
    }
}
