import Foundation

/// The bytes and headers of one POST. The body is the stored CloudEvents JSON; a sink with
/// `include_raw` gets `data.raw` (the original ROSE argument) added to it.
struct WebhookPayload {
    static let contentType = "Content-Type: application/cloudevents+json; charset=utf-8"

    static func body(for event: StoredEvent, includeRaw: Bool) -> [UInt8] {
        guard includeRaw, let raw = event.raw, case var .object(members)? = try? JSONParser.parse(event.body),
              let dataIndex = members.firstIndex(where: { $0.0 == "data" }), case var .object(data) = members[dataIndex].1
        else { return event.body }
        data.removeAll { $0.0 == "raw" }
        data.append(("raw", raw))
        members[dataIndex].1 = .object(data)
        return JSONValue.object(members).jsonBytes
    }

    /// Header lines for one attempt; the timestamp is the attempt's own (receivers reject stale ones).
    static func headers(eventID: String, timestamp: Int64, body: [UInt8], keys: [[UInt8]], custom: [(String, String)],
                        userAgent: String) -> [String] {
        var lines = [contentType, "webhook-id: \(eventID)", "webhook-timestamp: \(timestamp)"]
        if !keys.isEmpty {
            lines.append("webhook-signature: " + WebhookSignature.header(keys: keys, id: eventID, timestamp: timestamp, body: body))
        }
        lines.append("User-Agent: \(userAgent)")
        // libcurl would otherwise wait for `100 Continue` before sending larger bodies.
        lines.append("Expect:")
        for (name, value) in custom { lines.append("\(name): \(value)") }
        return lines
    }
}
