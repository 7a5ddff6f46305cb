/// The floor counts of a window: what ``BaselineModel/Floors`` are compared with.
public struct GateValues: Sendable, Equatable {
    /// Distinct repositories.
    public var repos: Int
    /// Repositories new to the actor.
    public var newRepos: Int
    /// Distinct namespaces.
    public var namespaces: Int
    /// Source archives plus project exports.
    public var archives: Int

    public init(repos: Int, newRepos: Int, namespaces: Int, archives: Int) {
        self.repos = repos
        self.newRepos = newRepos
        self.namespaces = namespaces
        self.archives = archives
    }

    init(_ sums: LaneCounts) {
        repos = Int(sums.distinct[LaneCounts.reposLane])
        newRepos = Int(sums.distinct[LaneCounts.newReposLane])
        namespaces = Int(sums.distinct[LaneCounts.namespacesLane])
        archives =
            Int(sums.counts[Int(ActionClass.archive.rawValue)]) + Int(sums.counts[Int(ActionClass.export.rawValue)])
    }

    /// `(new_repos ≥ f.new_repos AND namespaces ≥ f.namespaces) OR repos ≥ f.repos OR archives ≥ f.archives`.
    @inline(__always)
    public func passes(_ f: BaselineModel.Floors) -> Bool {
        (newRepos >= f.newRepos && namespaces >= f.namespaces) || repos >= f.repos || archives >= f.archives
    }
}

/// A record of one closed sliding window of one actor at one scale, for tuning: what was observed, what
/// was expected, the score, and the evaluations that happened while the window was the running one.
///
/// The detector sends one record to ``BaselineDetector/windowScoreSink`` for every (actor, scale,
/// bucket) whose window held any transfer, when the bucket ends (the records of an actor are produced
/// when it is next seen, or by ``BaselineDetector/advance(to:emit:)``, which flushes all actors while a
/// sink is set). ``BaselineDetector/replay(records:threshold:floors:model:)`` recomputes alerts from
/// records alone; see there for what is exact.
public struct WindowScore: Sendable, Equatable {
    public var actor: UInt32
    /// Index into the model's scales.
    public var scale: Int
    public var scaleName: String
    /// The window, seconds (end exclusive): the running window of the bucket that just ended.
    public var windowStart: Int64
    public var windowEnd: Int64
    /// The rule's score of the whole window at the end of the bucket, before any threshold.
    public var score: Double
    /// All ten signals: observed, expected (mean of the predictive), upper-tail p-value.
    public var signals: [AlertSignal]
    public var gate: GateValues
    /// Whether the model's own floors pass.
    public var floorsPassed: Bool
    /// Whether the window began inside the learning period (such windows never page).
    public var learning: Bool
    /// The live evaluations made while this window was running (only once its evaluation floors
    /// passed), thinned: the first, every rise of the score by `records.step_score` or of a floor count
    /// by `records.step_growth`, the first at or above the model's threshold, and every one that raised
    /// an alert. Alert decisions are replayed from these.
    public var steps: [Step]
    /// Up to five repositories and source addresses of the window (most recent first).
    public var exampleResources: [UInt32]
    public var exampleSources: [UInt32]

    /// One live evaluation of a running window.
    public struct Step: Sendable, Equatable {
        /// Event time of the evaluation (the detector's clock), seconds.
        public var time: Int64
        /// Evaluation order; the scales evaluated on one event share it.
        public var sequence: UInt64
        public var score: Double
        public var gate: GateValues
        /// Whether the evaluated window began inside the learning period.
        public var learning: Bool
    }
}
