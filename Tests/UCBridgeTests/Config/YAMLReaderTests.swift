import Testing
@testable import UCBridge

@Suite struct YAMLReaderTests {
    func read(_ text: String) throws -> YAMLNode? { try YAMLReader.read(Array(text.utf8), path: "r.yaml") }

    @Test func keepsLineAndColumnOfEveryNode() throws {
        let root = try #require(try read("a: 1\nb:\n  - x\n  - { c: \"q\" }\n"))
        guard case .mapping(let pairs) = root.value else { Issue.record("not a mapping"); return }
        #expect((root.line, root.column) == (1, 1))
        #expect(pairs.map { $0.key.value } == [.scalar("a", plain: true), .scalar("b", plain: true)])
        #expect((pairs[0].value.line, pairs[0].value.column) == (1, 4))
        guard case .sequence(let items) = pairs[1].value.value else { Issue.record("not a list"); return }
        #expect((items[0].line, items[0].column) == (3, 5))
        guard case .mapping(let inner) = items[1].value else { Issue.record("not a mapping"); return }
        #expect(inner[0].value.value == .scalar("q", plain: false))
        #expect((inner[0].value.line, inner[0].value.column) == (4, 10))
    }

    @Test func emptyDocumentHasNoRoot() throws {
        #expect(try read("") == nil)
        #expect(try read("# only a comment\n") == nil)
    }

    @Test func syntaxErrorsCarryLibyamlProblemAndPosition() {
        #expect(throws: ConfigError.invalid("r.yaml", 2, 3, "mapping values are not allowed in this context")) {
            try read("a: b\n b: c\n")
        }
        #expect(throws: ConfigError.invalid("r.yaml", 2, 1,
            "did not find expected key (while parsing a block mapping at line 1, column 1)")) {
            try read("a: 1\n- b\n")
        }
    }

    @Test func invalidUTF8IsAnErrorWithPosition() {
        #expect(throws: ConfigError.invalid("r.yaml", 2, 4, "invalid leading UTF-8 octet (byte 8)")) {
            try YAMLReader.read(Array("a: 1\nb: ".utf8) + [0xFF, 0x0A], path: "r.yaml")
        }
    }

    @Test func rejectsAnchorsAliasesAndSecondDocuments() {
        #expect(throws: ConfigError.invalid("r.yaml", 1, 4, "anchors (&name) are not supported in the config")) {
            try read("a: &x 1\nb: 2\n")
        }
        #expect(throws: ConfigError.invalid("r.yaml", 2, 4, "aliases (*name) are not supported in the config")) {
            try read("a: 1\nb: *x\n")
        }
        #expect(throws: ConfigError.invalid("r.yaml", 2, 1, "expected a single YAML document, found a second one")) {
            try read("a: 1\n---\nb: 2\n")
        }
    }

    @Test func reportsEveryDuplicateKey() {
        #expect(throws: ConfigError(problems: [
            .invalid(path: "r.yaml", line: 3, column: 1, message: "duplicate key \"a\" (first at line 1, column 1)"),
            .invalid(path: "r.yaml", line: 6, column: 3, message: "duplicate key \"c\" (first at line 5, column 3)"),
        ])) {
            try read("a: 1\nb:\na: 2\nd:\n  c: 1\n  c: 2\n")
        }
    }

    @Test func boundsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: ConfigError.invalid("r.yaml", 1, 65, "nested deeper than 64 levels")) { try read(deep) }
    }
}
