import Testing
@testable import UCBridge

@Suite struct BuildSmokeTests {
    @Test func libraryLinks() {
        #expect(EventType.callStarted.rawValue == "ucbridge.call.started")
    }
}
