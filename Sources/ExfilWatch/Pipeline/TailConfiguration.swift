/// How `tail` runs: what to follow, where state lives, and its clocks (all durations in seconds).
public struct TailConfiguration: Sendable {
    /// Files and `glob(3)` patterns, expanded again on every poll.
    public var paths: [String]
    /// Format, actor key, line length limit and allowed lateness, as for `scan`.
    public var options: ScanOptions
    /// `--state DIR`: checkpoints are written here and resumed from; nil for no checkpoints.
    public var stateDirectory: String?
    /// `--load-state DIR`: start from the engine state a backfill saved (ignored when a checkpoint
    /// is resumed).
    public var loadStateDirectory: String?
    /// `--fresh-state`: ignore (and overwrite) an existing checkpoint.
    public var freshState = false
    /// Seconds between checkpoints (also written after any alert and on stop).
    public var checkpointInterval = 5.0
    /// Seconds between looks at the files (≤ 0.25 keeps alerts within a second).
    public var pollInterval = 0.25
    /// `--metrics-file PATH` (Prometheus text format), or nil.
    public var metricsPath: String?
    /// Seconds between metrics file writes.
    public var metricsInterval = 5.0
    /// On a fresh start, begin files that already exist at their end instead of their beginning.
    public var startAtEnd = false
    /// Seconds a rotated-away file must stay quiet before it is closed.
    public var rotatedGrace = 5.0
    /// How many delivered alert ids are remembered for de-duplication.
    public var deliveredIDCapacity = 10_000

    public init(paths: [String], options: ScanOptions = ScanOptions()) {
        self.paths = paths
        self.options = options
    }
}
