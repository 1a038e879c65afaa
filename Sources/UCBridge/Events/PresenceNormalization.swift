import Foundation

/// `ucbridge.presence.changed` / `.removed` (ARCHITECTURE.md section 4, PROTOCOL.md 7.4–7.5).
extension Normalizer {
    func applyPresence(_ p: PresenceV2, changedFlags: Int64, resynced: Bool, raw: JSONValue?, state: inout BridgeState, out: inout BatchBuilder) {
        let old = state.presence[p.contactID]
        let data = PresenceData.merge(p, into: old, changed: PresenceSection.names(changedFlags), resynced: resynced)
        if let old, old.comparable == data.comparable { return }
        state.presence[p.contactID] = data
        let identity = resynced ? BatchBuilder.resyncIdentity(.presenceChanged, subject: p.contactID, data: data) : nil
        out.emit(.presenceChanged, subject: p.contactID, time: nil, data: data, raw: raw, identity: identity)
        out.change(.presence(contact: p.contactID, data: data))
    }

    func removePresence(_ contact: String, state: inout BridgeState, out: inout BatchBuilder) {
        guard state.presence.removeValue(forKey: contact) != nil else { return }
        let data: JSONValue = ["contact": .string(contact), "resynced": false]
        out.emit(.presenceRemoved, subject: contact, time: nil, data: data, raw: ["u8sContactID": .string(contact)], identity: nil)
        out.change(.presence(contact: contact, data: nil))
    }
}

/// The normalized presence of one contact. Sections absent from an update keep their stored
/// values; a present section replaces them (PROTOCOL.md 7.4).
enum PresenceData {
    static func merge(_ p: PresenceV2, into old: JSONValue?, changed: [String], resynced: Bool) -> JSONValue {
        var stateName = old?["state"] ?? "unknown"
        var flags = old?["flags"] ?? []
        var rawState = old?["raw_state"] ?? .null
        if let v = p.presenceState {
            stateName = .string(name(of: v))
            flags = .array(flagNames(v).map { .string($0) })
            rawState = .int(v)
        }
        var note = old?["note"] ?? .null
        if let n = p.customNote { note = .text(n.note) }
        var absent = old?["absent"] ?? .null
        if let a = p.absentState { absent = absentJSON(a) }
        var displayName = old?["display_name"] ?? .null
        if let name = p.remoteContact?.bestName {
            displayName = .string(name)
        } else if displayName.isNull, let user = p.customNote?.username, !user.isEmpty {
            displayName = .string(user)
        }
        return [
            "contact": .string(p.contactID), "state": stateName, "flags": flags, "raw_state": rawState, "note": note,
            "absent": absent, "display_name": displayName, "changed": .array(changed.map { .string($0) }), "resynced": .bool(resynced),
        ]
    }

    /// `AsnPresenceStateEnum` from the low byte.
    static func name(of presence: Int64) -> String {
        switch presence & 0xFF {
        case 1: return "available"
        case 2: return "busy"
        case 3: return "absent"
        case 4: return "dnd"
        case 7: return "out_of_order"
        default: return "unknown"
        }
    }

    static let flagBits: [(Int64, String)] = [
        (0x10000, "working_after_call"), (0x20000, "conferencing"), (0x100_0000, "ringing"), (0x200_0000, "appointment"),
        (0x400_0000, "in_call"), (0x800_0000, "offline"), (0x1000_0000, "note_set"), (0x2000_0000, "idle"),
        (0x4000_0000, "mobile_available"),
    ]

    static func flagNames(_ presence: Int64) -> [String] {
        flagBits.filter { presence & $0.0 != 0 }.map(\.1)
    }

    /// `null` when no manual state is set (0 "not absent" or 4 "not set").
    static func absentJSON(_ a: AbsentState) -> JSONValue {
        let name: String
        switch a.absentState {
        case 0, 4: return .null
        case 1: name = "out_of_office"
        case 2: name = "busy"
        case 3: name = "dnd"
        default: name = "unknown"
        }
        return ["state": .string(name), "from": .time(orNull: a.timeFrom), "until": .time(orNull: a.timeTo)]
    }
}
