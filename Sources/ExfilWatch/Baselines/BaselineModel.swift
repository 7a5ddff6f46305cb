/// Every prior, decay, floor and threshold of the ``BaselineDetector``: the content of a model file
/// (`models/default.json`, documented field by field in `models/README.md`).
///
/// Times are seconds; byte sizes are bytes. Load a file with ``load(path:)``, which validates every field
/// and names the offending key; ``shipped`` equals `models/default.json`.
public struct BaselineModel: Codable, Sendable, Equatable {
    /// Model file format version; this build reads version 1.
    public var version: Int
    /// Learning period, seconds of event time from the first event of a fresh state: nothing pages
    /// before it ends (`--learn-for` overrides it). A loaded state resumes its own period.
    public var learnFor: Int64
    /// Alert when a window's score reaches this (score = −log10 of the Bonferroni-adjusted tail
    /// probability of its most anomalous signal) and its floors pass.
    public var threshold: Double
    /// Scores at which an alert becomes medium, high, critical.
    public var severity: SeverityBands
    /// An episode ends when no window of the actor has alerted for this many seconds; the next
    /// alerting window opens a new episode (a new alert id).
    public var cooldown: Int64
    /// Response bytes are counted in units of this many bytes (rounded to nearest per event).
    public var bytesUnit: Int64
    /// Time scales, finest first.
    public var scales: [Scale]
    /// Per-signal priors, one value per scale.
    public var signals: Signals
    public var learning: Learning
    public var newActors: NewActors
    public var seasonality: Seasonality
    public var surge: Surge
    public var distinct: Distinct
    public var novelty: Novelty
    public var records: Records
    /// What to remove from alerts besides the built-in secrets (see the README's Redaction section).
    public var redaction: Redaction

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version, threshold, severity, cooldown, scales, signals, learning, seasonality, surge, distinct, novelty
        case records, redaction
        case learnFor = "learn_for"
        case bytesUnit = "bytes_unit"
        case newActors = "new_actors"
    }

    /// Score bands of the severities above `low`.
    public struct SeverityBands: Codable, Sendable, Equatable {
        public var medium: Double
        public var high: Double
        public var critical: Double
    }

    /// Absolute minimums a window must reach before it may alert (or, for `evaluation_floors`, before
    /// its score is computed at all). A window passes when
    /// `(new_repos ≥ new_repos_floor AND namespaces ≥ namespaces_floor) OR repos ≥ repos_floor OR
    /// archives + exports ≥ archives_floor`.
    public struct Floors: Codable, Sendable, Equatable {
        /// Distinct repositories (bulk, whether new or familiar).
        public var repos: Int
        /// Repositories new to the actor…
        public var newRepos: Int
        /// …spread over at least this many namespaces.
        public var namespaces: Int
        /// Source archives plus project exports.
        public var archives: Int

        public init(repos: Int, newRepos: Int, namespaces: Int, archives: Int) {
            self.repos = repos
            self.newRepos = newRepos
            self.namespaces = namespaces
            self.archives = archives
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case repos, namespaces, archives
            case newRepos = "new_repos"
        }
    }

    /// One time scale: sliding windows of `window` seconds over buckets of `bucket` seconds.
    public struct Scale: Codable, Sendable, Equatable {
        /// Name used in alerts (`10m`, `1h`, `1d`).
        public var name: String
        /// Window length, seconds.
        public var window: Int64
        /// Bucket length, seconds: the window slides by this step.
        public var bucket: Int64
        /// Floors an alerting window must pass.
        public var floors: Floors
        /// Lower floors from which windows are scored and recorded (for threshold sweeps).
        public var evaluationFloors: Floors

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, window, bucket, floors
            case evaluationFloors = "evaluation_floors"
        }
    }

    /// Prior and dispersion of one signal, one value per scale.
    public struct SignalPrior: Codable, Sendable, Equatable {
        /// Mean count per window a new actor is assumed to have before the population teaches better.
        public var priorMean: [Double]
        /// Smallest shape of the negative-binomial predictive (heavy tail while evidence is thin).
        public var minShape: [Double]
        /// Largest shape (overdispersion that remains however long the history).
        public var maxShape: [Double]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case priorMean = "prior_mean"
            case minShape = "min_shape"
            case maxShape = "max_shape"
        }
    }

    /// The ten scored signals, keyed as in alerts.
    public struct Signals: Codable, Sendable, Equatable {
        public var clones: SignalPrior
        public var fetches: SignalPrior
        public var lfs: SignalPrior
        public var archives: SignalPrior
        public var exports: SignalPrior
        public var bytesOut: SignalPrior
        public var distinctRepos: SignalPrior
        public var newRepos: SignalPrior
        public var namespaces: SignalPrior
        public var sourceIPs: SignalPrior

        enum CodingKeys: String, CodingKey, CaseIterable {
            case clones, fetches, lfs, archives, exports, namespaces
            case bytesOut = "bytes_out"
            case distinctRepos = "distinct_repos"
            case newRepos = "new_repos"
            case sourceIPs = "source_ips"
        }

        /// The prior of `signal`.
        public subscript(_ signal: BaselineSignal) -> SignalPrior {
            switch signal {
            case .clones: clones
            case .fetches: fetches
            case .lfs: lfs
            case .archives: archives
            case .exports: exports
            case .bytesOut: bytesOut
            case .distinctRepos: distinctRepos
            case .newRepos: newRepos
            case .namespaces: namespaces
            case .sourceIPs: sourceIPs
            }
        }
    }

    /// How baselines learn.
    public struct Learning: Codable, Sendable, Equatable {
        /// Half-life of the baselines' memory, seconds: a window this old weighs half a new one.
        public var halfLife: Int64
        /// A closed window whose signal scores at least this is clipped before it is learned (the
        /// signal is winsorized to the largest count scoring below it), so bursts do not teach.
        public var clipScore: Double
        /// …unless at most this fraction of its repositories is new to the actor: re-reading familiar
        /// repositories (a mirror's nightly run) is learned in full.
        public var familiarFraction: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case halfLife = "half_life"
            case clipScore = "clip_score"
            case familiarFraction = "familiar_fraction"
        }
    }

    /// The population prior for actors without history.
    public struct NewActors: Codable, Sendable, Equatable {
        /// An actor younger than this (seconds since first seen) teaches the new-actor prior.
        public var age: Int64
        /// Weight of the prior in a new actor's baseline, in windows of evidence.
        public var priorWindows: Double
        /// Weight of `prior_mean` against observed new actors, in windows.
        public var priorStrength: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case age
            case priorWindows = "prior_windows"
            case priorStrength = "prior_strength"
        }
    }

    /// Hour-of-week profiles.
    public struct Seasonality: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// Transfers after which an actor gets its own profile.
        public var actorMinEvents: Int
        /// Pseudo-events of the population profile mixed into an actor's own.
        public var shrinkage: Double
        /// Weeks of history at which the hour-of-week profile weighs as much as the hour-of-day one.
        public var weekShrinkage: Double
        /// Lowest hour factor (1 = an average hour of the week).
        public var minFactor: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled, shrinkage
            case actorMinEvents = "actor_min_events"
            case weekShrinkage = "week_shrinkage"
            case minFactor = "min_factor"
        }
    }

    /// Population-wide surges of volume (clones, fetches, LFS, archives, exports, bytes).
    public struct Surge: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// An actor adds to the population total at most `cap_multiple` × its own expected count
        /// (at the second scale) plus `cap_floor`, so one actor's burst is not a surge.
        public var capMultiple: Double
        public var capFloor: Double
        /// Added to observed and expected population totals before their ratio is taken.
        public var pseudoCount: Double
        /// Largest factor by which a surge raises expectations.
        public var maxFactor: Double
        /// Population windows of history needed before surges are recognized.
        public var minWindows: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled
            case capMultiple = "cap_multiple"
            case capFloor = "cap_floor"
            case pseudoCount = "pseudo_count"
            case maxFactor = "max_factor"
            case minWindows = "min_windows"
        }
    }

    /// Distinct counting.
    public struct Distinct: Codable, Sendable, Equatable {
        /// Keys of one dimension an actor holds exactly before switching to a sketch.
        public var exactLimit: Int
        /// Sketch precision p: 2^p registers, relative standard error 1.04 / √(2^p).
        public var hllPrecision: Int
        /// Pairs kept per register of the sliding sketch.
        public var hllSlots: Int

        enum CodingKeys: String, CodingKey, CaseIterable {
            case exactLimit = "exact_limit"
            case hllPrecision = "hll_precision"
            case hllSlots = "hll_slots"
        }
    }

    /// Per-actor novelty filters.
    public struct Novelty: Codable, Sendable, Equatable {
        /// Bound on the rate at which a new repository is taken for a familiar one.
        public var falsePositiveRate: Double
        /// Bits of an actor's first filter layer (a power of two, at least 64).
        public var initialBits: Int

        enum CodingKeys: String, CodingKey, CaseIterable {
            case falsePositiveRate = "false_positive_rate"
            case initialBits = "initial_bits"
        }
    }

    /// Window-score records for threshold sweeps (see ``WindowScore``).
    public struct Records: Codable, Sendable, Equatable {
        /// A running window's evaluation is kept as a step when its score rose by this much…
        public var stepScore: Double
        /// …or a floor count grew by this factor since the last kept step.
        public var stepGrowth: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case stepScore = "step_score"
            case stepGrowth = "step_growth"
        }
    }

    /// Extra secrets to redact from alerts before any sink, on top of the built-in token parameters,
    /// URL passwords and token shapes.
    public struct Redaction: Codable, Sendable, Equatable {
        /// Query or form parameter names (case-insensitive) whose values become `REDACTED`.
        public var parameters: [String]
        /// Regular expressions (ICU syntax); every match becomes `REDACTED`.
        public var patterns: [String]

        public init(parameters: [String] = [], patterns: [String] = []) {
            self.parameters = parameters
            self.patterns = patterns
        }
    }

    /// The scale whose expectation caps an actor's contribution to population totals: the second
    /// scale (1 h as shipped), or the only one.
    var surgeCapScale: Int { min(1, scales.count - 1) }
}
