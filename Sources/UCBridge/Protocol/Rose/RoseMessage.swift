/// The invokeID that marks an event: never answered (PROTOCOL.md section 2.1).
public let roseEventInvokeID: Int64 = 99999

/// A ROSE `RejectProblem` CHOICE (PROTOCOL.md section 2.3).
public enum RoseRejectProblem: Equatable, Sendable {
    case general(Int64)
    case invoke(Int64)
    case returnResult(Int64)
    case returnError(Int64)

    public static let unrecognisedOperation = RoseRejectProblem.invoke(1)
    public static let mistypedArgument = RoseRejectProblem.invoke(2)
    public static let invalidSessionID = RoseRejectProblem.invoke(8)

    var member: (String, Int64) {
        switch self {
        case let .general(v): return ("generalProblem", v)
        case let .invoke(v): return ("invokeProblem", v)
        case let .returnResult(v): return ("returnResultProblem", v)
        case let .returnError(v): return ("returnErrorProblem", v)
        }
    }
}

/// One ROSE message (ASN.1 `ROSEMessage` CHOICE) in its JSON form. Arguments and results stay
/// `JSONValue` here; `Protocol/Models` types decode them by operation.
public enum RoseMessage: Equatable, Sendable {
    case invoke(RoseInvoke)
    /// `result.result.result` is the operation result; `resultValue` is 0 on success.
    case result(invokeID: Int64, result: JSONValue, sessionID: String?)
    /// `error` spells the id `invokedID`; `error` is normally an `AsnRequestError`.
    case error(invokedID: Int64, errorValue: Int64?, error: JSONValue?, sessionID: String?)
    /// The id is nested (`{"invokedID": N}` or `{"invokednull": …}` → nil).
    case reject(invokedID: Int64?, problem: RoseRejectProblem?, details: String?, sessionID: String?)
}

public struct RoseInvoke: Equatable, Sendable {
    public var invokeID: Int64
    public var operationID: Int64
    public var operationName: String?
    public var argument: JSONValue
    public var sessionID: String?

    public init(invokeID: Int64, operationID: Int64, operationName: String?, argument: JSONValue = .object([]), sessionID: String? = nil) {
        self.invokeID = invokeID
        self.operationID = operationID
        self.operationName = operationName
        self.argument = argument
        self.sessionID = sessionID
    }

    public var isEvent: Bool { invokeID == roseEventInvokeID }
}

/// Why a WebSocket message is not a ROSE message we can act on.
public enum RoseDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(JSONError)
    case notAnObject
    case noKnownMember([String])
    case missingField(String, in: String)

    public var description: String {
        switch self {
        case let .notJSON(e): return "not JSON: \(e)"
        case .notAnObject: return "ROSE message is not a JSON object"
        case let .noKnownMember(keys): return "no invoke/result/error/reject member (has: \(keys.joined(separator: ", ")))"
        case let .missingField(f, kind): return "\(kind) without \(f)"
        }
    }
}

extension RoseMessage {
    /// Decodes one WebSocket text message. The UCWeb proxy may wrap messages in a JSON array
    /// (PROTOCOL.md 1.4), so the answer is a list; each element decodes on its own.
    public static func decodeAll(_ bytes: some Collection<UInt8>, maxDepth: Int = 64) -> [Result<RoseMessage, RoseDecodingError>] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: maxDepth)
        } catch {
            return [.failure(.notJSON(error))]
        }
        if case let .array(elements) = value {
            return elements.map { element in Result { () throws(RoseDecodingError) in try decode(element) } }
        }
        return [Result { () throws(RoseDecodingError) in try decode(value) }]
    }

    public static func decode(_ value: JSONValue) throws(RoseDecodingError) -> RoseMessage {
        guard let members = value.objectValue else { throw .notAnObject }
        if let inv = value["invoke"] {
            guard let id = inv["invokeID"]?.intValue else { throw .missingField("invokeID", in: "invoke") }
            let opID = inv["operationID"]?.intValue ?? 0
            let name = inv["operationName"]?.stringValue
            if opID == 0, name == nil { throw .missingField("operationID", in: "invoke") }
            return .invoke(RoseInvoke(invokeID: id, operationID: opID, operationName: name,
                                      argument: inv["argument"] ?? .object([]), sessionID: inv["sessionID"]?.stringValue))
        }
        if let res = value["result"] {
            guard let id = res["invokeID"]?.intValue else { throw .missingField("invokeID", in: "result") }
            let inner = res["result"]?["result"] ?? .object([])
            return .result(invokeID: id, result: inner, sessionID: res["sessionID"]?.stringValue)
        }
        if let err = value["error"], err["invokedID"] != nil || err["invokeID"] != nil {
            guard let id = (err["invokedID"] ?? err["invokeID"])?.intValue else { throw .missingField("invokedID", in: "error") }
            return .error(invokedID: id, errorValue: err["error_value"]?.intValue, error: err["error"], sessionID: err["sessionID"]?.stringValue)
        }
        if let rej = value["reject"] {
            let idChoice = rej["invokedID"]
            // `{"invokedID": N}`, `{"invokednull": null}`; tolerate a bare number too.
            let id = idChoice?["invokedID"]?.intValue ?? idChoice?.intValue
            var problem: RoseRejectProblem?
            if let p = rej["reject"] {
                if let v = p["generalProblem"]?.intValue { problem = .general(v) }
                else if let v = p["invokeProblem"]?.intValue { problem = .invoke(v) }
                else if let v = p["returnResultProblem"]?.intValue { problem = .returnResult(v) }
                else if let v = p["returnErrorProblem"]?.intValue { problem = .returnError(v) }
            }
            return .reject(invokedID: id, problem: problem, details: rej["details"]?.stringValue, sessionID: rej["sessionID"]?.stringValue)
        }
        throw .noKnownMember(members.map(\.0))
    }

    /// The JSON form ucbridge (or its simulator) sends: SDK spellings, absent optionals omitted.
    public var json: JSONValue {
        switch self {
        case let .invoke(inv):
            var body: [(String, JSONValue)] = [
                ("invokeID", .int(inv.invokeID)),
                ("operationID", .int(inv.operationID)),
            ]
            if let name = inv.operationName { body.append(("operationName", .string(name))) }
            body.append(("argument", inv.argument))
            if let s = inv.sessionID { body.append(("sessionID", .string(s))) }
            return ["invoke": .object(body)]
        case let .result(id, result, sessionID):
            var body: [(String, JSONValue)] = [
                ("invokeID", .int(id)),
                ("result", ["resultValue": 0, "result": result]),
            ]
            if let s = sessionID { body.append(("sessionID", .string(s))) }
            return ["result": .object(body)]
        case let .error(id, errorValue, error, sessionID):
            var body: [(String, JSONValue)] = [("invokedID", .int(id)), ("error_value", .int(errorValue ?? 0))]
            if let error { body.append(("error", error)) }
            if let s = sessionID { body.append(("sessionID", .string(s))) }
            return ["error": .object(body)]
        case let .reject(id, problem, details, sessionID):
            var body: [(String, JSONValue)] = [
                ("invokedID", id.map { ["invokedID": .int($0)] } ?? ["invokednull": .null]),
            ]
            if let problem { body.append(("reject", .object([(problem.member.0, .int(problem.member.1))]))) }
            if let details { body.append(("details", .string(details))) }
            if let s = sessionID { body.append(("sessionID", .string(s))) }
            return ["reject": .object(body)]
        }
    }

    public var jsonText: String { json.jsonText }
}

/// `AsnRequestError`, the error body of every operation; the seed also spells the text `u8sErrorMessage`.
public struct RoseRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    public var detail: Int64
    public var message: String

    public init(detail: Int64, message: String) {
        self.detail = detail
        self.message = message
    }

    public init(json: JSONValue?) {
        detail = json?["iErrorDetail"]?.intValue ?? 0
        message = json?.member("u8sErrorString", "u8sErrorMessage")?.stringValue ?? ""
    }

    public var json: JSONValue { ["iErrorDetail": .int(detail), "u8sErrorString": .string(message)] }
    public var description: String { "error \(detail): \(message)" }
}
