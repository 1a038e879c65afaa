import CCurl
import Foundation

/// The loop of one sink, confined to its own thread: reads the outbox from the sink's
/// cursor, keeps up to `max_in_flight` POSTs running on its own `CurlMulti`, retries,
/// dead-letters and persists the cursor. It sleeps in `curl_multi_poll`, woken by the
/// store's commit observer, a redelivery, `stop`, socket activity or the next backoff deadline.
final class SinkDispatcher {
    struct Settings {
        var config: WebhookConfig
        var keys: [[UInt8]]
        var userAgent: String
        var startCursor: Int64
        /// Set when the sink cannot run as configured (e.g. a secret that is not base64).
        var disabledReason: String?
        var observer: (@Sendable (DeliveryRecord) -> Void)?
    }

    private let settings: Settings
    private var config: WebhookConfig { settings.config }
    private let store: Store
    private let reader: StoreReader
    private let control: SinkControl
    private let log: Logger
    private let metrics: SinkMetrics
    private let target: WebhookTarget
    private let schedule: RetrySchedule
    private let window: Int
    private let fetchLimit = 512

    private var queue: SinkQueue
    private var running: [UnsafeMutableRawPointer: (request: WebhookRequest, ticket: UInt64)] = [:]
    private var idle: [WebhookRequest] = []
    private var head: Int64 = 0
    private var commits = FIFO<(sequence: Int64, at: Date)>()
    private var savedCursor: Int64
    private var lastSave = Date()
    private var unsavedCompletions = 0
    private var disabledReason: String?
    private var failedAttempts = 0
    private var deadLettered = 0
    private var lastError: String?

    /// Cursor writes are batched: at most every `saveInterval`, or after `saveEvery` completions.
    private let saveInterval = 0.1
    private let saveEvery = 512

    init(settings: Settings, store: Store, control: SinkControl, log: Logger, metrics: Metrics) throws {
        self.settings = settings
        self.store = store
        self.control = control
        self.log = log
        self.metrics = SinkMetrics(registry: metrics, sink: settings.config.name)
        reader = try store.makeReader()
        target = WebhookTarget(url: settings.config.url, timeoutSeconds: settings.config.timeoutSeconds,
                               verifyTLS: settings.config.tls.verify, caFile: settings.config.tls.caFile)
        schedule = RetrySchedule(config: settings.config.retry)
        window = min(4096, max(256, settings.config.maxInFlight * 32))
        queue = SinkQueue(cursor: settings.startCursor)
        savedCursor = settings.startCursor
        disabledReason = settings.disabledReason
        head = try reader.latestSequence()
        deadLettered = try reader.deadLetters(sink: settings.config.name).filter { $0.state == "dead" }.count
    }

    func run() {
        var requeue = true  // pick up redeliveries requested while the daemon was down
        while true {
            let signals = control.take()
            if signals.stop { break }
            head = max(head, signals.head)
            if disabledReason == nil { for mark in signals.commits { commits.push(mark) } }
            requeue = requeue || signals.requeue
            if disabledReason == nil {
                if requeue { requeue = !takeRequeued() }
                fill()
                dispatch()
            }
            do {
                try control.multi.perform()
                finishTransfers()
                if disabledReason == nil { dispatch() }
                saveCursor(force: false)
                publish()
                try control.multi.poll(timeoutMilliseconds: pollTimeout())
            } catch {
                // Backoff after an unexpected libcurl failure, so that it cannot become a busy loop.
                log.error("webhook dispatcher: libcurl failed, retrying in 1 s", ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
        }
        // In-flight requests are aborted; they stay owed and are sent again after a restart.
        abortAll()
        saveCursor(force: true)
        publish()
    }

    // MARK: - Reading the outbox

    /// Reads matching events after the scanned position while the window has room.
    private func fill() {
        while queue.count < window, queue.scannedThrough < head {
            do {
                let latest = try reader.latestSequence()
                let events = try reader.events(after: queue.scannedThrough, limit: fetchLimit, typeGlobs: config.events)
                let through = events.count < fetchLimit ? max(latest, events.last?.sequence ?? 0) : events.last?.sequence ?? latest
                let now = Date()
                queue.append(events, through: through) { sequence in commitTime(of: sequence, now: now) }
                head = max(head, through)
                if events.isEmpty, through <= queue.scannedThrough { break }
            } catch {
                log.error("webhook dispatcher cannot read the outbox", ["error": "\(error)"])
                break
            }
        }
    }

    /// The commit time of `sequence` from the observer's marks; events that were already in
    /// the outbox when the dispatcher started count from when it first read them.
    private func commitTime(of sequence: Int64, now: Date) -> Date {
        while let mark = commits.peek(), mark.sequence < sequence { _ = commits.pop() }
        return commits.peek()?.at ?? now
    }

    /// Redeliveries requested through the API; true when taken.
    private func takeRequeued() -> Bool {
        do {
            for letter in try store.takeRequeued(sink: config.name) {
                guard let event = try reader.event(sequence: letter.sequence) else {
                    log.warning("dead letter cannot be redelivered: its event is no longer in the outbox",
                                ["dead_letter": "\(letter.id)", "sequence": "\(letter.sequence)"])
                    continue
                }
                deadLettered = max(0, deadLettered - 1)
                queue.appendRedelivery(event, deadLetterID: letter.id, now: Date())
                log.info("redelivering dead letter", ["dead_letter": "\(letter.id)", "sequence": "\(letter.sequence)"])
            }
            return true
        } catch {
            log.error("cannot take requeued dead letters", ["error": "\(error)"])
            return false
        }
    }

    // MARK: - Sending

    private func dispatch() {
        let now = Date()
        while running.count < config.maxInFlight, let ticket = queue.next(now: now) {
            guard let entry = queue.markAttempt(ticket, now: now) else { continue }
            do {
                let request = try idle.popLast() ?? WebhookRequest()
                let body = WebhookPayload.body(for: entry.event, includeRaw: config.includeRaw)
                let headers = WebhookPayload.headers(eventID: entry.event.id, timestamp: Int64(now.timeIntervalSince1970), body: body,
                                                     keys: settings.keys, custom: config.headers, userAgent: settings.userAgent)
                try request.prepare(target: target, headers: headers, body: body)
                request.sequence = entry.event.sequence
                request.startedAt = now
                try control.multi.add(request)
                running[request.easy] = (request, ticket)
            } catch {
                failed(ticket, .failed(.other, status: nil, message: "cannot start request: \(error)", retryAfter: nil), now: now)
            }
        }
    }

    private func finishTransfers() {
        while let done = control.multi.nextFinished() {
            guard let (request, ticket) = running.removeValue(forKey: done.easy) else { continue }
            control.multi.remove(request)
            let now = Date()
            let outcome = DeliveryOutcome.classify(curlCode: Int32(done.result.rawValue), curlMessage: request.errorText(done.result),
                                                   status: request.status, retryAfter: request.retryAfter)
            idle.append(request)
            switch outcome {
            case let .delivered(status):
                delivered(ticket, status: status, request: request, now: now)
            case .gone:
                metrics.failed(.clientError)
                failedAttempts += 1
                disable("the receiver answered 410 Gone", ticket: ticket)
            case .failed:
                failed(ticket, outcome, now: now)
            }
        }
    }

    private func delivered(_ ticket: UInt64, status: Int, request: WebhookRequest, now: Date) {
        guard let entry = queue.entry(ticket) else { return }
        let requestSeconds = now.timeIntervalSince(request.startedAt)
        let commitSeconds = max(0, now.timeIntervalSince(entry.committedAt))
        metrics.delivered(commitToAnswer: commitSeconds, request: requestSeconds)
        lastError = nil
        queue.complete(ticket)
        unsavedCompletions += 1
        settings.observer?(DeliveryRecord(sink: config.name, sequence: entry.event.sequence, status: status,
                                          requestSeconds: requestSeconds, commitToAnswerSeconds: commitSeconds))
    }

    private func failed(_ ticket: UInt64, _ outcome: DeliveryOutcome, now: Date) {
        guard case let .failed(failureClass, status, message, retryAfter) = outcome, let entry = queue.entry(ticket) else { return }
        metrics.failed(failureClass)
        failedAttempts += 1
        lastError = message
        let first = entry.firstAttemptAt ?? now
        var fields = ["sequence": "\(entry.event.sequence)", "event": entry.event.id, "class": failureClass.rawValue,
                      "attempt": "\(entry.attempts)"]
        if let status { fields["status"] = "\(status)" }
        if schedule.isExhausted(attempts: entry.attempts, firstAttemptAt: first, now: now), deadLetter(entry, now: now, error: message, status: status) {
            queue.complete(ticket)
            unsavedCompletions += 1
            log.error("webhook delivery failed for good, event dead-lettered: \(message)", fields)
            return
        }
        let delay = schedule.delay(afterAttempts: entry.attempts, retryAfter: retryAfter)
        let until = now.addingTimeInterval(delay)
        queue.retry(ticket, until: until, status: status, error: message)
        fields["retry_in_s"] = String(format: "%.3f", delay)
        fields["next_attempt"] = ISO8601DateFormatter().string(from: until)
        log.warning("webhook delivery failed: \(message)", fields)
    }

    private func deadLetter(_ entry: SinkQueue.Entry, now: Date, error: String, status: Int?) -> Bool {
        let letter = DeadLetter(sink: config.name, sequence: entry.event.sequence, eventID: entry.event.id, type: entry.event.type,
                                subject: entry.event.subject, attempts: entry.attempts, lastStatus: status, lastError: error,
                                firstAttemptAt: entry.firstAttemptAt ?? now, deadAt: now)
        do {
            _ = try store.addDeadLetter(letter)
            deadLettered += 1
            metrics.deadLettered()
            return true
        } catch {
            log.error("cannot record a dead letter; the event stays queued", ["error": "\(error)", "sequence": "\(entry.event.sequence)"])
            return false
        }
    }

    /// 410 Gone: the receiver wants nothing more. Stop sending (the events stay owed) until a reload.
    private func disable(_ reason: String, ticket: UInt64) {
        queue.abort(ticket)
        abortAll()
        disabledReason = reason
        lastError = "HTTP 410"
        log.error("webhook sink disabled until the configuration is reloaded: \(reason)", ["url": SinkStatus.displayURL(config.url)])
    }

    private func abortAll() {
        for (_, (request, ticket)) in running {
            control.multi.remove(request)
            queue.abort(ticket)
        }
        running.removeAll()
    }

    // MARK: - Bookkeeping

    private func saveCursor(force: Bool) {
        let cursor = queue.cursor
        guard cursor != savedCursor else { return }
        guard force || unsavedCompletions >= saveEvery || Date().timeIntervalSince(lastSave) >= saveInterval || queue.count == 0 else { return }
        do {
            try store.saveSinkCursor(sink: config.name, cursor: cursor)
            savedCursor = cursor
            lastSave = Date()
            unsavedCompletions = 0
        } catch {
            log.error("cannot save the sink cursor", ["error": "\(error)"])
        }
    }

    private func pollTimeout() -> Int32 {
        let now = Date()
        var wait = 60.0
        if queue.cursor != savedCursor { wait = min(wait, max(0, lastSave.addingTimeInterval(saveInterval).timeIntervalSince(now))) }
        if disabledReason == nil, let deadline = queue.nextBackoffDeadline { wait = min(wait, max(0, deadline.timeIntervalSince(now))) }
        return Int32((wait * 1000).rounded(.up))
    }

    private func publish() {
        let lag = queue.oldestOwedCommit.map { max(0, Date().timeIntervalSince($0)) } ?? 0
        metrics.gauges(inFlight: running.count, lag: lag)
        control.status = SinkStatus(name: config.name, url: SinkStatus.displayURL(config.url), cursor: queue.cursor,
                                    pending: queue.count + Int(max(0, head - queue.scannedThrough)), inFlight: running.count,
                                    failedAttempts: failedAttempts, deadLettered: deadLettered, lastError: lastError,
                                    disabledReason: disabledReason, lagSeconds: lag)
    }
}
