import Testing
@testable import UCBridge

@Suite struct OperationCatalogTests {
    @Test func holdsEveryOperationOfTheReference() throws {
        #expect(OperationCatalog.all.count == 466)
        #expect(OperationCatalog.all.filter { $0.kind == .event }.count == 113)
        #expect(Set(OperationCatalog.all.map(\.id)).count == 466)
        #expect(Set(OperationCatalog.all.map(\.name)).count == 466)
    }

    @Test func findsOperationsByIdAndByName() throws {
        let update = try #require(OperationCatalog.entry(id: 4504))
        #expect(update.name == "asnUpdatePresenceV2")
        #expect(update.kind == .event)
        #expect(OperationCatalog.entry(name: "asnCtiLineMonitorStart")?.id == 1262)
        #expect(OperationCatalog.entry(name: "asnCtiLineMonitorStart")?.kind == .operation)
        #expect(OperationCatalog.entry(id: 424242) == nil)
    }

    @Test func resolvesAnInvokeWithoutIdByItsName() {
        #expect(OperationCatalog.resolve(id: 0, name: "asnJournalEntryListChanged")?.id == 2170)
        #expect(OperationCatalog.resolve(id: 1283, name: nil)?.name == "asnCtiNotifyLineCallInformationChanged")
        #expect(OperationCatalog.resolve(id: 0, name: "noSuchOperation") == nil)
    }

    @Test func agreesWithTheRoseOperationConstants() {
        for op in [RoseOperation.updatePresenceV2, .removePresence, .ctiNotifyLineCallInformationChanged, .journalEntryListChanged,
                   .getLoggedInContactV2, .transportKeepAlive, .ctiNotifyMonitorStopped] {
            #expect(OperationCatalog.entry(id: op.id)?.name == op.name)
        }
    }
}
