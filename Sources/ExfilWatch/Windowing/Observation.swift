/// What the pipeline hands a detector for each event: interned ids and numbers, no strings, so the
/// hot path allocates nothing. Ids index the pipeline's intern tables (``InternTable``).
public struct Observation: Sendable, Equatable {
    /// Id used when an event has no such field (no repository, no client address, no token).
    public static let none: UInt32 = .max

    /// Event time, seconds since the Unix epoch (UTC).
    public var time: Int64
    /// Actor id (the `--actor-key` of the event, interned).
    public var actor: UInt32
    /// What the event did.
    public var action: ActionClass
    /// Repository id (`org/repo`), or ``none``.
    public var resource: UInt32
    /// Namespace id (the `org` / group part of the repository, interned in the same table), or ``none``.
    public var namespace: UInt32
    /// Client address id, or ``none``.
    public var source: UInt32
    /// Response bytes sent to the client (0 when the format has none).
    public var bytes: Int64

    public init(
        time: Int64, actor: UInt32, action: ActionClass, resource: UInt32 = Observation.none,
        namespace: UInt32 = Observation.none, source: UInt32 = Observation.none, bytes: Int64 = 0
    ) {
        self.time = time
        self.actor = actor
        self.action = action
        self.resource = resource
        self.namespace = namespace
        self.source = source
        self.bytes = bytes
    }
}
