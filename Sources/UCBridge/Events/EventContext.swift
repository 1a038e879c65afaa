import Foundation

/// Who the events come from and how the normalizer stamps them.
public struct EventContext: Sendable {
    /// `ucbridge://{ucsid}/{login user}`.
    public var source: String
    /// Attach the ROSE argument as `raw` (the store keeps it beside the event; sinks opt in).
    public var includeRaw: Bool
    public var now: @Sendable () -> Date

    public init(source: String, includeRaw: Bool = true, now: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.includeRaw = includeRaw
        self.now = now
    }
}
