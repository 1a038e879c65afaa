import Foundation
import UCBridge

extension Simulator {
    /// `POST /sim/presence`: changes a contact (creating it when unknown) and sends
    /// asnUpdatePresenceV2 with only the changed sections to sessions subscribed to it.
    public func controlPresence(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let body = SimControlBody(json: json)
        let id = try body.requireString("contact")
        return lock.withLock {
            var changed: Int64 = 0
            var contact = state.contacts[id] ?? Self.newContact(id)
            let isNew = state.contacts[id] == nil
            if let v = body.int("state"), v != contact.presenceState { contact.presenceState = v; changed |= PresenceSection.presence }
            if let v = body.string("note"), v != contact.note { contact.note = v; changed |= PresenceSection.note }
            if let v = body.int("absent_state"), v != contact.absentState { contact.absentState = v; changed |= PresenceSection.absentState }
            if let v = body.string("display_name"), v != contact.displayName {
                contact.displayName = v
                changed |= PresenceSection.data
            }
            state.contacts[id] = contact
            let sent = changed == 0 ? 0 : sendPresenceUpdate(contact, changed: changed)
            return ["contact": .string(id), "created": .bool(isNew), "changed_flags": .int(changed), "sent": .int(Int64(sent))]
        }
    }

    /// Caller holds `lock`.
    func sendPresenceUpdate(_ contact: SimContact, changed: Int64) -> Int {
        let event = Self.event(.updatePresenceV2, contact.updateArgument(changed: changed))
        return broadcast(event) { $0.presence.contains(contact.id) }
    }

    /// `POST /sim/presence/remove`: deletes the contact and sends asnRemovePresence to its subscribers.
    public func controlRemovePresence(_ json: JSONValue) throws(SimControlError) -> JSONValue {
        let id = try SimControlBody(json: json).requireString("contact")
        return try locked { () throws(SimControlError) -> JSONValue in
            guard state.contacts.removeValue(forKey: id) != nil else { throw SimControlError(404, "unknown contact \(id)") }
            let event = Self.event(.removePresence, ["u8sContactID": .string(id)])
            let sent = broadcast(event) { $0.presence.contains(id) }
            for s in sessions.values { s.presence.remove(id) }
            return ["contact": .string(id), "sent": .int(Int64(sent))]
        }
    }

    static func newContact(_ id: String) -> SimContact {
        let user = id.hasPrefix("sip:") ? String(id.dropFirst(4).prefix { $0 != "@" }) : id
        return SimContact(id: id, userName: user, displayName: user, firstName: user, lastName: "", department: "",
                          phoneBusiness: "", lineURI: nil, presenceState: 1)
    }
}
