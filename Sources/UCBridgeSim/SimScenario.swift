import Foundation

/// The default world: Anna Berger (the login user) with two lines, colleagues, one past call.
enum SimScenario {
    static let annaID = "sip:anna.berger@example.com"
    static let primaryLine = "tel:+4989123456201;phys=201@ECSTA"
    static let hotlineLine = "tel:+4989123456251;phys=251@ECSTA"

    static func make(extraContacts: Int, now: Date = Date()) -> SimState {
        var state = SimState(loginContactID: annaID)
        let people: [(String, String, String, String, Int64, String?)] = [
            ("anna.berger", "Anna", "Berger", "Support", 1, "+491701234567"),
            ("max.huber", "Max", "Huber", "Sales", 536_870_913, nil),
            ("lena.vogt", "Lena", "Vogt", "Support", 1, nil),
            ("tobias.wolf", "Tobias", "Wolf", "Engineering", 3, nil),
            ("sophie.keller", "Sophie", "Keller", "Sales", 2, nil),
            ("jan.schulz", "Jan", "Schulz", "Finance", 134_217_728, nil),
        ]
        for (i, p) in people.enumerated() {
            let ext = 201 + i
            let contact = SimContact(
                id: "sip:\(p.0)@example.com", userName: p.0, displayName: "\(p.1) \(p.2)", firstName: p.1, lastName: p.2,
                department: p.3, phoneBusiness: "+49891234562\(String(format: "%02d", ext - 200))", phoneMobile: p.5,
                lineURI: "tel:+4989123456\(ext);phys=\(ext)@ECSTA", presenceState: p.4)
            state.contacts[contact.id] = contact
        }
        for n in 0..<max(0, extraContacts) {
            let user = String(format: "user%05d", n + 1)
            let ext = 10000 + n
            state.contacts["sip:\(user)@example.com"] = SimContact(
                id: "sip:\(user)@example.com", userName: user, displayName: "User \(n + 1)", firstName: "User", lastName: "\(n + 1)",
                department: "Staff", phoneBusiness: "+49891234\(ext)", lineURI: nil, presenceState: 1)
        }
        state.lines = [
            SimLine(uri: primaryLine, descriptor: "Anna Berger", phoneNumber: "+4989123456201", type: 1, lineFeatures: 15, addressName: "201"),
            SimLine(uri: hotlineLine, descriptor: "Anna Berger (Hotline)", phoneNumber: "+4989123456251", type: 2, lineFeatures: 5, addressName: "251"),
        ]
        let start1 = now.addingTimeInterval(-3 * 3600)
        state.addSeedEntry(SimJournalEntry(
            connectionID: "5E1A9C3F7B2D4E6A8C0B1D3F5A7C9E2B", start: start1, stop: start1.addingTimeInterval(217),
            connect: start1.addingTimeInterval(8), disconnect: start1.addingTimeInterval(217), outbound: false,
            lineNumber: "+4989123456201", lineName: "Anna Berger", lineUserName: "anna.berger", localNumber: "201",
            phoneNumber: "+4940555987654", contactName: "Jonas Petersen", contactCompany: "Nordhafen Logistik GmbH",
            trackerID: "3B7F1D9A5C2E4B6D8F0A1C3E5B7D9F2A", transactionID: 0))
        let start2 = now.addingTimeInterval(-3600)
        state.addSeedEntry(SimJournalEntry(
            connectionID: "8A4C2E6B0D9F4A1C3E5B7D9F1A3C5E7B", start: start2, stop: start2.addingTimeInterval(25),
            connect: nil, disconnect: nil, outbound: true,
            lineNumber: "+4989123456201", lineName: "Anna Berger", lineUserName: "anna.berger", localNumber: "201",
            phoneNumber: "+4971155501234", contactName: "Lea Schmid", contactCompany: "Neckartal Maschinenbau AG",
            trackerID: "C2E4A6B8D0F1A3C5E7B9D1F3A5C7E9B1", transactionID: 0))
        return state
    }
}

extension SimState {
    mutating func addSeedEntry(_ entry: SimJournalEntry) {
        var e = entry
        e.transactionID = nextTransactionID()
        journal[e.connectionID] = e
    }
}
