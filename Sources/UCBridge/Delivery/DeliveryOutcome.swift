import CCurl
import Foundation

/// How one HTTP attempt ended, classified the way the metrics and the retry policy need it.
public enum DeliveryOutcome: Sendable, Equatable {
    /// 2xx: delivered.
    case delivered(status: Int)
    /// 410 Gone: the receiver asks us to stop; the sink is disabled until the config is reloaded.
    case gone
    /// Anything else; retried with backoff.
    case failed(FailureClass, status: Int?, message: String, retryAfter: Double?)

    /// Failure classes, the `class` label of `ucbridge_webhook_failed_total`.
    public enum FailureClass: String, Sendable, CaseIterable {
        case timeout, connect
        case clientError = "4xx"
        case serverError = "5xx"
        case redirect = "3xx"
        case other
    }

    /// Classifies a finished transfer: `curlCode` 0 means an HTTP status was received.
    /// A redirect is a failure and never followed: the receiver's URL is configuration.
    static func classify(curlCode: Int32, curlMessage: String, status: Int, retryAfter: Double?) -> DeliveryOutcome {
        let connectCodes: [CURLcode] = [CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
                                         CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
                                         CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR]
        if curlCode == CURLE_OPERATION_TIMEDOUT.rawValue {
            return .failed(.timeout, status: nil, message: "timeout: \(curlMessage)", retryAfter: nil)
        } else if connectCodes.contains(where: { $0.rawValue == curlCode }) {
            return .failed(.connect, status: nil, message: "connect: \(curlMessage)", retryAfter: nil)
        } else if curlCode != CURLE_OK.rawValue {
            return .failed(.other, status: nil, message: "transfer error \(curlCode): \(curlMessage)", retryAfter: nil)
        }
        switch status {
        case 200..<300: return .delivered(status: status)
        case 410: return .gone
        case 300..<400: return .failed(.redirect, status: status, message: "HTTP \(status) (redirects are not followed)", retryAfter: retryAfter)
        case 400..<500: return .failed(.clientError, status: status, message: "HTTP \(status)", retryAfter: retryAfter)
        case 500..<600: return .failed(.serverError, status: status, message: "HTTP \(status)", retryAfter: retryAfter)
        default: return .failed(.other, status: status, message: "HTTP \(status)", retryAfter: retryAfter)
        }
    }
}

/// When to try again: exponential backoff with full jitter between `initial_seconds` and
/// the growing cap (at most `max_seconds`), unless the receiver said when (`Retry-After`).
struct RetrySchedule: Sendable {
    var config: RetryConfig

    /// Seconds to wait after the `attempts`-th failed attempt (1-based).
    func delay(afterAttempts attempts: Int, retryAfter: Double?, random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Double {
        // The receiver knows its own load better than our backoff does; honour it, but never
        // wait past the point where the event would be dead-lettered anyway.
        if let retryAfter { return min(max(retryAfter, 0), config.maxAgeHours * 3600) }
        let initial = max(config.initialSeconds, 0.001)
        let exponent = Double(min(max(attempts - 1, 0), 60))
        let cap = max(initial, min(config.maxSeconds, initial * pow(2, exponent)))
        return random(initial...cap)
    }

    /// True when the event must be dead-lettered instead of retried.
    func isExhausted(attempts: Int, firstAttemptAt: Date, now: Date) -> Bool {
        attempts >= config.maxAttempts || now.timeIntervalSince(firstAttemptAt) >= config.maxAgeHours * 3600
    }
}

/// `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
enum RetryAfter {
    static func parse(_ value: String, now: Date) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? Double(seconds) : nil }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let date = f.date(from: trimmed) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }
}
