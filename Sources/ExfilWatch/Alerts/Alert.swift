/// One alert: an actor whose activity in a window stood far above what was expected of it.
///
/// The JSON form (``AlertJSON``) is the contract with every sink and with users' tooling; the README
/// documents it field by field. Times are seconds since the Unix epoch, UTC, rendered as RFC 3339.
public struct Alert: Sendable, Equatable {
    /// Stable identifier of this alert: the same actor and episode always give the same `id`, so a
    /// restarted run or a re-scan never produces a second identity for one incident. An escalation
    /// within an episode gets `id` = `episode` + `.r<revision>`.
    public var id: String
    /// Identifier shared by the first alert of an episode and all its escalations.
    public var episode: String
    /// 0 for the first alert of an episode, then 1, 2, … for each escalation.
    public var revision: Int
    /// The actor key as configured by `--actor-key` (user name, `ip:203.0.113.9`, token hash, …).
    public var actor: String
    /// Start of the window that alerted, seconds since the epoch (UTC).
    public var windowStart: Int64
    /// End (exclusive) of the window that alerted, seconds since the epoch (UTC).
    public var windowEnd: Int64
    /// Event time at which the alert fired (early firing: before `windowEnd` when a running window
    /// already crossed the threshold), seconds since the epoch (UTC).
    public var detectedAt: Int64
    /// Anomaly score: larger is more anomalous. For the baseline detector, −log10 of the combined tail
    /// probability; for static-rule presets, observed ÷ rule threshold.
    public var score: Double
    /// `low`, `medium`, `high` or `critical`.
    public var severity: Severity
    /// Which detector raised it (`baseline`, `elastic-user-clones`, …).
    public var detector: String
    /// One sentence a person can act on: what, how much, against what usual level, at which scale.
    public var reason: String
    /// Per-signal observed and expected values that drove the score, most anomalous first.
    public var signals: [Signal]
    /// A few repositories the actor touched in the window (redacted, at most 5).
    public var exampleResources: [String]
    /// A few client addresses the actor used in the window (at most 5).
    public var exampleSourceIPs: [String]

    public init(
        id: String, episode: String, revision: Int, actor: String, windowStart: Int64, windowEnd: Int64,
        detectedAt: Int64, score: Double, severity: Severity, detector: String, reason: String,
        signals: [Signal], exampleResources: [String], exampleSourceIPs: [String]
    ) {
        self.id = id
        self.episode = episode
        self.revision = revision
        self.actor = actor
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.detectedAt = detectedAt
        self.score = score
        self.severity = severity
        self.detector = detector
        self.reason = reason
        self.signals = signals
        self.exampleResources = exampleResources
        self.exampleSourceIPs = exampleSourceIPs
    }

    /// How urgent an alert is (defined with the detectors, which grade their findings).
    public typealias Severity = AlertSeverity
    /// One measured quantity in the alerting window (defined with the detectors, which measure it).
    public typealias Signal = AlertSignal
}
