/// An alert before ids are resolved to names. Built only when a detector fires, so allocating here
/// is fine.
public struct AlertCandidate: Sendable, Equatable {
    public var actor: UInt32
    /// Event time at which the episode began (its first alerting window's start), seconds UTC;
    /// with `actor` it makes the stable alert id.
    public var episodeStart: Int64
    /// 0 for the first alert of an episode, then one more for each escalation.
    public var revision: Int
    public var windowStart: Int64
    public var windowEnd: Int64
    public var detectedAt: Int64
    public var score: Double
    public var severity: AlertSeverity
    /// What happened, without the actor's name (the pipeline prefixes it), e.g.
    /// "cloned 212 repositories in 10m; usually 1.3".
    public var reason: String
    public var signals: [AlertSignal]
    /// Repository ids (at most 5).
    public var exampleResources: [UInt32]
    /// Client address ids (at most 5).
    public var exampleSources: [UInt32]

    public init(
        actor: UInt32, episodeStart: Int64, revision: Int, windowStart: Int64, windowEnd: Int64,
        detectedAt: Int64, score: Double, severity: AlertSeverity, reason: String, signals: [AlertSignal],
        exampleResources: [UInt32], exampleSources: [UInt32]
    ) {
        self.actor = actor
        self.episodeStart = episodeStart
        self.revision = revision
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.detectedAt = detectedAt
        self.score = score
        self.severity = severity
        self.reason = reason
        self.signals = signals
        self.exampleResources = exampleResources
        self.exampleSources = exampleSources
    }
}
