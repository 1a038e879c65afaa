/// Maps server events to normalizer inputs, so the session only has to route by operation.
extension IngestInput {
    /// The input carried by the event invoke `operationID` (resolve a 0 id by name through
    /// `OperationCatalog` first); nil for operations the normalizer does not consume, which the
    /// session counts and drops. Throws when the argument lacks its identifying member.
    public static func event(operationID: Int64, argument: JSONValue) throws(ModelDecodingError) -> IngestInput? {
        switch operationID {
        case RoseOperation.updatePresenceV2.id:
            return .presenceUpdate(try PresenceUpdate(json: argument))
        case RoseOperation.removePresence.id:
            try argument.requireObject("AsnRemovePresenceArgument")
            return .presenceRemoved(contact: try argument.requireString(["u8sContactID", "u8sContactId"], type: "AsnRemovePresenceArgument"))
        case RoseOperation.ctiNotifyLineCallInformationChanged.id:
            return .callChanged(try CtiCallChange(json: argument))
        case RoseOperation.journalEntryListChanged.id, RoseOperation.journalEntryChanged.id:
            return .journalChanged(try JournalChange.list(json: argument))
        default:
            return try CtiLineEvent(operationID: operationID, json: argument).map { .lineEvent($0) }
        }
    }
}
