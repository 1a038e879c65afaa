import Testing
@testable import UCBridge

@Suite struct JSONParserTests {
    @Test func parsesNestedDocumentAndKeepsMemberOrder() throws {
        let v = try JSONParser.parse(#"{"b":1,"a":[true,null,"x\u00e9\n"],"c":-2.5e1}"#)
        #expect(v["b"] == .int(1))
        #expect(v["a"] == .array([.bool(true), .null, .string("xé\n")]))
        #expect(v["c"]?.doubleValue == -25)
        #expect(v.objectValue?.map(\.0) == ["b", "a", "c"])
    }

    @Test func roundTripsThroughTheWriter() throws {
        let text = #"{"s":"q\"\\\t","n":[1,-2,3.5],"o":{}}"#
        #expect(try JSONParser.parse(text).jsonText == text)
    }

    @Test func rejectsMalformedInputWithOffset() {
        #expect(throws: JSONError(reason: .unexpectedEnd, offset: 7)) { try JSONParser.parse(#"{"a":1,"#) }
        #expect(throws: JSONError(reason: .trailingBytes, offset: 3)) { try JSONParser.parse("{} x") }
        #expect(throws: JSONError(reason: .unexpectedEnd, offset: 1)) { try JSONParser.parse("-") }
        #expect(throws: JSONError(reason: .invalidNumber, offset: 1)) { try JSONParser.parse("-x") }
    }

    @Test func rejectsInvalidUTF8AndLoneSurrogates() {
        #expect(throws: JSONError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONError.self) { try JSONParser.parse(#""\udc00""#) }
    }

    @Test func boundsNestingDepth() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONError.self) { try JSONParser.parse(deep, maxDepth: 64) }
        #expect((try? JSONParser.parse(deep, maxDepth: 128)) != nil)
    }
}
