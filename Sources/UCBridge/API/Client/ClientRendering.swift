import Foundation

/// The human-readable forms of the API answers: aligned tables, local times with "… ago".
enum ClientRendering {
    static func status(_ health: JSONValue, _ time: HumanTime) -> String {
        let session = health["session"]
        let store = health["store"]
        var lines: [(String, String)] = [("Status", health["status"].cell)]
        let connected = session?["connected"]?.boolValue == true
        let phase = session?["state"].cell ?? "-"
        var sessionText = connected
            ? "connected to \(session?["server"].cell ?? "-") as \(session?["user"].cell ?? "-")"
            : "\(phase) (\(session?["server"].cell ?? "-"))"
        sessionText += ", since \(time.describe(session?["since"]))"
        lines.append(("Session", sessionText))
        if connected { lines.append(("Subscribed", "\(session?["contacts"].cell ?? "0") contacts, \(session?["lines"].cell ?? "0") lines")) }
        if let error = session?["last_error"], !error.isNull { lines.append(("Last error", error.cell)) }
        if let retry = session?["retry_in_s"]?.doubleValue { lines.append(("Retry in", "\(Int(retry.rounded(.up))) s")) }
        let storeText = store?["ok"]?.boolValue == true
            ? "ok, \(store?["outbox_events"].cell ?? "0") events in the outbox, last sequence \(store?["last_sequence"].cell ?? "0")"
            : "failing: \(store?["error"].cell ?? "-")"
        lines.append(("Store", storeText))
        let width = lines.map(\.0.count).max() ?? 0
        var out = lines.map { "\(($0.0 + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0))  \($0.1)" }.joined(separator: "\n") + "\n"
        let sinkList = health["sinks"]?.arrayValue ?? []
        if sinkList.isEmpty {
            out += "Sinks:\(String(repeating: " ", count: max(1, width - 3)))none configured\n"
        } else {
            out += "\n" + sinks(["sinks": .array(sinkList)])
        }
        return out
    }

    static func presence(_ json: JSONValue) -> String {
        var t = TableFormatter(["CONTACT", "NAME", "STATE", "FLAGS", "NOTE"])
        for p in json["presence"]?.arrayValue ?? [] {
            t.add([p["contact"].cell, p["display_name"].cell, p["state"].cell, p["flags"].cell, p["note"].cell])
        }
        return t.text
    }

    static func presenceDetail(_ p: JSONValue, _ time: HumanTime) -> String {
        var fields: [(String, String)] = [
            ("Contact", p["contact"].cell), ("Name", p["display_name"].cell), ("State", p["state"].cell),
            ("Flags", p["flags"].cell), ("Note", p["note"].cell),
        ]
        if let absent = p["absent"], !absent.isNull {
            fields.append(("Absent", "\(absent["state"].cell) from \(time.describe(absent["from"])) until \(time.describe(absent["until"]))"))
        }
        let width = fields.map(\.0.count).max() ?? 0
        return fields.map { "\(($0.0 + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0))  \($0.1)" }.joined(separator: "\n") + "\n"
    }

    static func calls(_ json: JSONValue, _ time: HumanTime) -> String {
        var t = TableFormatter(["CONNECTION", "LINE", "STATE", "DIRECTION", "REMOTE", "STARTED"])
        for c in json["calls"]?.arrayValue ?? [] {
            let remote = c["remote"]
            let who = [remote?["number"].cell ?? "-", remote?["name"]?.stringValue].compactMap { $0 }.joined(separator: " ")
            t.add([c["connection_id"].cell, c["line"].cell, c["state"].cell, c["direction"].cell, who, time.describe(c["started_at"])])
        }
        return t.text
    }

    static func journal(_ json: JSONValue, _ time: HumanTime) -> String {
        var t = TableFormatter(["STARTED", "DIRECTION", "REMOTE", "NAME", "DURATION", "ANSWERED"])
        for j in json["journal"]?.arrayValue ?? [] {
            let seconds = j["duration_total_s"]?.intValue
            t.add([time.describe(j["started_at"]), j["direction"].cell, j["remote_number"].cell, j["contact_name"].cell,
                   seconds.map { String(format: "%d:%02d", $0 / 60, $0 % 60) } ?? "-", j["answered"].cell])
        }
        return t.text
    }

    static func events(_ events: [JSONValue], _ time: HumanTime, header: Bool) -> String {
        var t = TableFormatter(["SEQ", "TIME", "TYPE", "SUBJECT"])
        for e in events {
            let seq = e["sequence"]?.stringValue.flatMap { Int64($0) }.map(String.init) ?? "-"
            t.add([seq, time.describe(e["time"]), e["type"].cell, e["subject"].cell])
        }
        guard header else {
            // Follow mode prints one row at a time; keep the header's column starts.
            return t.text.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        }
        return t.text
    }

    /// One row of `events --follow`: fixed column widths, since later rows cannot widen
    /// columns already printed; times relative to when the row is printed.
    static func followedEvent(_ e: JSONValue, _ time: HumanTime, header: Bool) -> String {
        var live = time
        live.now = Date()
        func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
        let seq = e["sequence"]?.stringValue.flatMap { Int64($0) }.map(String.init) ?? "-"
        var out = header ? pad("SEQ", 8) + pad("TIME", 34) + pad("TYPE", 28) + "SUBJECT\n" : ""
        out += pad(seq, 8) + pad(live.describe(e["time"]), 34) + pad(e["type"].cell, 28) + e["subject"].cell + "\n"
        return out
    }

    static func sinks(_ json: JSONValue) -> String {
        var t = TableFormatter(["SINK", "URL", "CURSOR", "PENDING", "IN FLIGHT", "FAILED", "DEAD", "STATE"])
        for s in json["sinks"]?.arrayValue ?? [] {
            let state: String
            if let disabled = s["disabled_reason"], !disabled.isNull {
                state = "disabled: \(disabled.cell)"
            } else if let error = s["last_error"], !error.isNull {
                state = "failing: \(error.cell)"
            } else {
                state = "ok"
            }
            t.add([s["name"].cell, s["url"].cell, s["cursor"].cell, s["pending"].cell, s["in_flight"].cell,
                   s["failed_attempts"].cell, s["dead_lettered"].cell, state])
        }
        return t.text
    }

    static func deadLetters(_ json: JSONValue, _ time: HumanTime) -> String {
        var t = TableFormatter(["ID", "SINK", "SEQ", "TYPE", "SUBJECT", "ATTEMPTS", "STATE", "DEAD SINCE", "LAST ERROR"])
        for d in json["dead_letters"]?.arrayValue ?? [] {
            t.add([d["id"].cell, d["sink"].cell, d["sequence"].cell, d["type"].cell, d["subject"].cell, d["attempts"].cell,
                   d["state"].cell, time.describe(d["dead_at"]), d["last_error"].cell])
        }
        return t.text
    }
}
