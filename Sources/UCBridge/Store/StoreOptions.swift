import Foundation

/// Limits and timings of the store, with safe defaults; tests shrink them.
public struct StoreOptions: Sendable {
    /// Batches that may wait for the writer before `submit` blocks (back-pressure).
    public var queueCapacity = 256
    /// Batches folded into one transaction at most (group commit).
    public var maxBatchesPerCommit = 512
    /// How long a statement waits for a lock held by another process before SQLITE_BUSY.
    public var busyTimeoutMilliseconds: Int32 = 5000
    /// How often a retention pass starts.
    public var retentionInterval: TimeInterval = 60
    /// Events deleted per retention step; each step is one short transaction between commits.
    public var retentionChunk = 5000
    /// Backoff between retries of a failed commit.
    public var retryInitialSeconds: TimeInterval = 0.05
    public var retryMaxSeconds: TimeInterval = 5
    /// On close, how long a failing commit is still retried before the queued events are given up.
    public var closeRetrySeconds: TimeInterval = 3
    /// Told each time the store's health changes (on the writer thread): the daemon forwards it
    /// to the log, `STATUS=` and `/v1/health` without polling.
    public var onHealthChange: (@Sendable (StoreHealth) -> Void)?
    /// The clock (retention, state row timestamps).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
