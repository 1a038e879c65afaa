/// The operations ucbridge sends or handles (ids from operations.tsv). Every invoke carries
/// both id and name: the UCConnect proxy routes by name.
public struct RoseOperation: Hashable, Sendable, CustomStringConvertible {
    public let id: Int64
    public let name: String

    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }

    public var description: String { "\(name) (\(id))" }

    public static let keepAlive = RoseOperation(id: 100, name: "asnKeepAlive")
    public static let logoff = RoseOperation(id: 1001, name: "asnLogoff")
    public static let getLoggedInContactV2 = RoseOperation(id: 1008, name: "asnGetLoggedInContactV2")
    public static let transportKeepAlive = RoseOperation(id: 1706, name: "asnTransportKeepAlive")
    public static let checkConnection = RoseOperation(id: 1714, name: "asnCheckConnection")
    public static let updateMyAbsentStateV2 = RoseOperation(id: 1313, name: "asnUpdateMyAbsentStateV2")
    public static let updateMyCustomNote = RoseOperation(id: 1511, name: "asnUpdateMyCustomNote")
    public static let updateMyContactConfigurationV2 = RoseOperation(id: 1309, name: "asnUpdateMyContactConfigurationV2")
    public static let locationInformationChanged = RoseOperation(id: 1117, name: "asnLocationInformationChanged")

    public static let unsubscribePresence = RoseOperation(id: 4503, name: "asnUnsubscribePresence")
    public static let updatePresenceV2 = RoseOperation(id: 4504, name: "asnUpdatePresenceV2")
    public static let getAndSubscribePresenceV2 = RoseOperation(id: 4505, name: "asnGetAndSubscribePresenceV2")
    public static let removePresence = RoseOperation(id: 4501, name: "asnRemovePresence")

    public static let ctiEnumPhoneLines = RoseOperation(id: 1260, name: "asnCtiEnumPhoneLines")
    public static let ctiSnapshotPhoneLine = RoseOperation(id: 1261, name: "asnCtiSnapshotPhoneLine")
    public static let ctiLineMonitorStart = RoseOperation(id: 1262, name: "asnCtiLineMonitorStart")
    public static let ctiLineMonitorStop = RoseOperation(id: 1263, name: "asnCtiLineMonitorStop")
    public static let ctiNotifyLineInfoChanged = RoseOperation(id: 1280, name: "asnCtiNotifyLineInfoChanged")
    public static let ctiNotifyLineDoNotDisturbChanged = RoseOperation(id: 1281, name: "asnCtiNotifyLineDoNotDisturbChanged")
    public static let ctiNotifyLineForwardingChanged = RoseOperation(id: 1282, name: "asnCtiNotifyLineForwardingChanged")
    public static let ctiNotifyLineCallInformationChanged = RoseOperation(id: 1283, name: "asnCtiNotifyLineCallInformationChanged")
    public static let ctiNotifyLineAddRemove = RoseOperation(id: 1284, name: "asnCtiNotifyLineAddRemove")
    public static let ctiNotifyMonitorStopped = RoseOperation(id: 1294, name: "asnCtiNotifyMonitorStopped")

    public static let journalEntryChanged = RoseOperation(id: 2109, name: "asnJournalEntryChanged")
    public static let getOfflineJournal = RoseOperation(id: 2104, name: "asnGetOfflineJournal")
    public static let journalEntryListChanged = RoseOperation(id: 2170, name: "asnJournalEntryListChanged")
    public static let journalSubscribeEvents = RoseOperation(id: 2171, name: "asnJournalSubscribeEvents")
    public static let getJournalEntriesV2 = RoseOperation(id: 2172, name: "asnGetJournalEntriesV2")
}
