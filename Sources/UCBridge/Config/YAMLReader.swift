import CYAML

/// Reads a YAML document into a `YAMLNode` tree with libyaml's event API. Syntax errors become
/// `ConfigError`s carrying libyaml's own problem text and position; anchors, aliases, several
/// documents, duplicate keys and very deep nesting are rejected because a config file has no
/// use for them and each would make errors harder to point at.
enum YAMLReader {
    static let maxDepth = 64

    /// Returns nil for a document with no content (an empty file, or only comments).
    static func read(_ bytes: [UInt8], path: String) throws(ConfigError) -> YAMLNode? {
        guard let parser = YAMLEventParser(bytes: bytes) else {
            throw .invalid(path, 1, 1, "cannot start the YAML parser (out of memory)")
        }
        var builder = TreeBuilder(path: path)
        while true {
            let event: YAMLEvent
            do { event = try parser.next() } catch { throw parser.syntaxError(path: path, bytes: bytes) }
            if try builder.consume(event) { break }
        }
        if !builder.problems.isEmpty { throw ConfigError(problems: builder.problems) }
        return builder.root
    }
}

/// One libyaml event, copied out of the C struct so the struct can be freed at once.
enum YAMLEvent {
    case streamStart, streamEnd, documentStart(line: Int, column: Int), documentEnd
    case alias(line: Int, column: Int)
    case scalar(String, plain: Bool, anchored: Bool, line: Int, column: Int)
    case sequenceStart(anchored: Bool, line: Int, column: Int), sequenceEnd
    case mappingStart(anchored: Bool, line: Int, column: Int), mappingEnd
}

/// Owns a `yaml_parser_t` and a copy of the input it reads (libyaml keeps a pointer to it).
final class YAMLEventParser {
    struct ParseFailed: Error {}

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>

    init?(bytes: [UInt8]) {
        parser = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            input.deallocate()
            return nil
        }
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    func next() throws(ParseFailed) -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw ParseFailed() }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_DOCUMENT_START_EVENT: return .documentStart(line: line, column: column)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(line: line, column: column)
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = s.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: Int(s.length)), as: UTF8.self)
            } ?? ""
            // An explicit tag (`!!str 30`) makes the scalar text, like quoting it would.
            let plain = s.style == YAML_PLAIN_SCALAR_STYLE && s.tag == nil
            return .scalar(text, plain: plain, anchored: s.anchor != nil, line: line, column: column)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchored: event.data.sequence_start.anchor != nil, line: line, column: column)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchored: event.data.mapping_start.anchor != nil, line: line, column: column)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .streamEnd
        }
    }

    /// The error libyaml reported, at the position it reported (1-based).
    func syntaxError(path: String, bytes: [UInt8]) -> ConfigError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "out of memory"
        if p.error == YAML_READER_ERROR {
            // Encoding errors carry a byte offset instead of a mark.
            let (line, column) = Self.position(ofOffset: p.problem_offset, in: bytes)
            return .invalid(path, line, column, "\(problem) (byte \(p.problem_offset))")
        }
        var message = problem
        if let context = p.context {
            let mark = p.context_mark
            message += " (\(String(cString: context)) at line \(mark.line + 1), column \(mark.column + 1))"
        }
        return .invalid(path, Int(p.problem_mark.line) + 1, Int(p.problem_mark.column) + 1, message)
    }

    static func position(ofOffset offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes.prefix(offset) {
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}

/// Turns the event stream into a tree with an explicit stack (no recursion, so hostile
/// nesting cannot overflow the thread's stack).
private struct TreeBuilder {
    enum Frame {
        case sequence(line: Int, column: Int, items: [YAMLNode])
        case mapping(line: Int, column: Int, pairs: [YAMLPair], key: YAMLNode?, seen: [String: YAMLNode])
    }

    let path: String
    var stack: [Frame] = []
    var root: YAMLNode?
    var documents = 0
    var problems: [ConfigError.Problem] = []

    init(path: String) { self.path = path }

    /// Returns true at the end of the stream.
    mutating func consume(_ event: YAMLEvent) throws(ConfigError) -> Bool {
        switch event {
        case .streamStart, .documentEnd: return false
        case .streamEnd: return true
        case .documentStart(let line, let column):
            documents += 1
            if documents > 1 { throw .invalid(path, line, column, "expected a single YAML document, found a second one") }
        case .alias(let line, let column):
            throw .invalid(path, line, column, "aliases (*name) are not supported in the config")
        case .scalar(let text, let plain, let anchored, let line, let column):
            try rejectAnchor(anchored, line, column)
            attach(YAMLNode(value: .scalar(text, plain: plain), line: line, column: column))
        case .sequenceStart(let anchored, let line, let column):
            try rejectAnchor(anchored, line, column)
            try push(.sequence(line: line, column: column, items: []), line, column)
        case .mappingStart(let anchored, let line, let column):
            try rejectAnchor(anchored, line, column)
            try push(.mapping(line: line, column: column, pairs: [], key: nil, seen: [:]), line, column)
        case .sequenceEnd, .mappingEnd:
            switch stack.removeLast() {
            case .sequence(let line, let column, let items):
                attach(YAMLNode(value: .sequence(items), line: line, column: column))
            case .mapping(let line, let column, let pairs, _, _):
                attach(YAMLNode(value: .mapping(pairs), line: line, column: column))
            }
        }
        return false
    }

    private func rejectAnchor(_ anchored: Bool, _ line: Int, _ column: Int) throws(ConfigError) {
        if anchored { throw .invalid(path, line, column, "anchors (&name) are not supported in the config") }
    }

    private mutating func push(_ frame: Frame, _ line: Int, _ column: Int) throws(ConfigError) {
        guard stack.count < YAMLReader.maxDepth else {
            throw .invalid(path, line, column, "nested deeper than \(YAMLReader.maxDepth) levels")
        }
        stack.append(frame)
    }

    private mutating func attach(_ node: YAMLNode) {
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(let line, let column, var items):
            items.append(node)
            stack.append(.sequence(line: line, column: column, items: items))
        case .mapping(let line, let column, var pairs, let key, var seen):
            if let key {
                pairs.append(YAMLPair(key: key, value: node))
                stack.append(.mapping(line: line, column: column, pairs: pairs, key: nil, seen: seen))
                return
            }
            if case .scalar(let name, _) = node.value {
                if let first = seen[name] {
                    problems.append(.invalid(path: path, line: node.line, column: node.column,
                        message: "duplicate key \"\(name)\" (first at line \(first.line), column \(first.column))"))
                } else {
                    seen[name] = node
                }
            }
            stack.append(.mapping(line: line, column: column, pairs: pairs, key: node, seen: seen))
        }
    }
}
