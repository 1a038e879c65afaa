import CCurl
import Foundation
import Testing
@testable import UCBridge

@Suite struct RetryPolicyTests {
    @Test func retryAfterAcceptsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.parse("120", now: now) == 120)
        #expect(RetryAfter.parse(" 0 ", now: now) == 0)
        // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT.
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == 30)
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == 0)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-5", now: now) == nil)
    }

    @Test func backoffGrowsWithinInitialAndMaximum() {
        var config = RetryConfig()
        config.initialSeconds = 1
        config.maxSeconds = 10
        let schedule = RetrySchedule(config: config)
        #expect(schedule.delay(afterAttempts: 1, retryAfter: nil, random: { $0.upperBound }) == 1)
        #expect(schedule.delay(afterAttempts: 3, retryAfter: nil, random: { $0.upperBound }) == 4)
        #expect(schedule.delay(afterAttempts: 30, retryAfter: nil, random: { $0.upperBound }) == 10)
        #expect(schedule.delay(afterAttempts: 30, retryAfter: nil, random: { $0.lowerBound }) == 1)
        for attempt in 1...20 {
            let d = schedule.delay(afterAttempts: attempt, retryAfter: nil)
            #expect(d >= 1 && d <= 10)
        }
    }

    @Test func retryAfterOverridesTheBackoff() {
        let schedule = RetrySchedule(config: RetryConfig())
        #expect(schedule.delay(afterAttempts: 1, retryAfter: 42) == 42)
        #expect(schedule.delay(afterAttempts: 1, retryAfter: 1e9) == 72 * 3600)
    }

    @Test func exhaustedAfterMaxAttemptsOrMaxAge() {
        var config = RetryConfig()
        config.maxAttempts = 3
        config.maxAgeHours = 1
        let schedule = RetrySchedule(config: config)
        let start = Date()
        #expect(!schedule.isExhausted(attempts: 2, firstAttemptAt: start, now: start))
        #expect(schedule.isExhausted(attempts: 3, firstAttemptAt: start, now: start))
        #expect(schedule.isExhausted(attempts: 1, firstAttemptAt: start, now: start.addingTimeInterval(3600)))
    }

    @Test func classifiesAnswersAndTransferErrors() {
        func classify(_ code: CURLcode, _ status: Int) -> DeliveryOutcome {
            DeliveryOutcome.classify(curlCode: Int32(code.rawValue), curlMessage: "m", status: status, retryAfter: nil)
        }
        #expect(classify(CURLE_OK, 204) == .delivered(status: 204))
        #expect(classify(CURLE_OK, 410) == .gone)
        guard case .failed(.redirect, 301, _, _) = classify(CURLE_OK, 301) else { Issue.record("3xx must fail"); return }
        guard case .failed(.clientError, 429, _, _) = classify(CURLE_OK, 429) else { Issue.record("429"); return }
        guard case .failed(.serverError, 503, _, _) = classify(CURLE_OK, 503) else { Issue.record("503"); return }
        guard case .failed(.timeout, nil, _, _) = classify(CURLE_OPERATION_TIMEDOUT, 0) else { Issue.record("timeout"); return }
        guard case .failed(.connect, nil, _, _) = classify(CURLE_COULDNT_CONNECT, 0) else { Issue.record("connect"); return }
        guard case .failed(.other, nil, _, _) = classify(CURLE_RECV_ERROR, 0) else { Issue.record("other"); return }
    }
}
