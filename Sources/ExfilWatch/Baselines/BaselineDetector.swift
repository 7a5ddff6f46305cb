import Foundation

/// The statistical detector: learns every actor's normal per signal and time scale, and alerts when a
/// running window stands far above it.
///
/// Per event (``observe(_:emit:)``): `.other` and `push` events only move the clock and the actor's
/// last-seen minute (O(1), no allocation). A transfer-out event adds its counts to the actor's current
/// cell, updates the exact distinct sets (or sketches) and the novelty filter, sums the running windows
/// of every scale from the actor's few cells, and — only when a window passes its evaluation floors —
/// scores it against the actor's baseline; crossing the threshold raises an alert at once (early
/// firing). Baselines learn lazily: when an actor is next seen, its closed tumbling windows (including
/// the empty ones) are folded into its decayed Gamma–Poisson baselines. See `models/README.md` for the
/// scoring rule, severities, episodes, learning period and memory per actor.
///
/// ```swift
/// var detector = BaselineDetector(model: .shipped)
/// for observation in observations { detector.observe(observation) { alerts.append($0) } }
/// detector.advance(to: lastEventTime) { alerts.append($0) }
/// let bytes = detector.encodeState()
/// ```
///
/// Actor ids index flat arrays, so they should be dense (a separate intern table for actors).
/// Not thread-safe; one detector per pipeline.
public struct BaselineDetector: Detector {
    public let name = "baseline"
    public let model: BaselineModel
    /// Allowed lateness of events, seconds: events older than the clock minus this are dropped.
    public let allowedLateness: Int64
    /// Receives a ``WindowScore`` for every closed (actor, scale) window with activity, for tuning.
    /// Setting it makes the detector track evaluations (slower); nil by default.
    public var windowScoreSink: ((WindowScore) -> Void)?

    let geometry: ScaleGeometry
    let tables: ModelTables
    let scaleCount: Int
    /// Per-window decay factor λ of each scale: `2^(−window / half_life)`.
    let decay: [Double]
    /// `λ^m` and `1 + λ + … + λ^(m−1)` of each scale for `m` in `0 ..< decayRowLength` (index
    /// `scale · decayRowLength + m`): a run of empty windows inside one hour folds in one step.
    let decayPowers: [Double]
    let decaySums: [Double]

    // MARK: Clock
    /// Largest event time seen (or advanced to), seconds; `.min` before the first event.
    var now: Int64 = .min
    var nowMinute: Int32 = 0
    /// End of the learning period, seconds.
    var learnUntil: Int64 = .min
    /// Running window per scale at the clock, minutes.
    var runStart: [Int32]
    var runEnd: [Int32]
    /// Population-profile exposure of each running window, computed once per clock minute.
    var runExposure: [Double]
    /// Scratch buffer for compaction cutoffs.
    var cutoffScratch: [Int32]

    // MARK: Actors (indexed by actor id)
    /// First and last minute seen and slot of every actor id: 12 bytes, the only per-actor cost of an
    /// actor that never transferred anything.
    var actors: [ActorState] = []
    /// Number of distinct actors seen.
    public internal(set) var actorCount = 0

    // MARK: Slots (actors that transferred)
    /// Per slot: where its cells, keys and novelty filter live, and bookkeeping (one cache line).
    var slots: [SlotState] = []
    /// Per slot and scale, `BaselineDetector.baselineStride` values: β, then α of each signal.
    var baselines: [Float32] = []
    /// Per slot and scale: index of the last tumbling window learned.
    var closedThrough: [Int32] = []
    /// Slots of dropped actors (`--max-actors`), reused before new ones are appended.
    var freeSlots: [UInt32] = []

    // MARK: Pools and population
    var cellPool: CellPool
    var keyPool = KeyTablePool()
    var noveltyPool: NoveltyFilterPool
    var profiles: SeasonalProfiles
    var sketches: [UInt64: SlidingHyperLogLog] = [:]
    var population: PopulationModel
    var episodes = EpisodeTracker()

    // MARK: Records (only with a sink)
    var recording = RecordState()
    var evaluationSequence: UInt64 = 0

    /// Events dropped for arriving later than the allowed lateness.
    public internal(set) var lateEvents = 0
    /// Events ignored because their actor id was `Observation.none` or absurdly large.
    public internal(set) var ignoredEvents = 0

    static let baselineStride = 1 + BaselineSignal.count
    /// `log10` of the number of signals: the Bonferroni correction of a window's score.
    static let log10Signals = log10(Double(BaselineSignal.count))
    static let noSlot = UInt32.max
    /// Row length of ``decayPowers`` and ``decaySums``: `m` up to 60, the one-minute windows of an hour.
    static let decayRowLength = 61
    /// Actor ids at or above this are ignored (flat arrays are indexed by id).
    static let maxActorId = 1 << 28

    /// A detector with no history. `allowedLateness` (seconds) is clamped to `0 … shortest window`.
    public init(model: BaselineModel, allowedLateness: Int64 = 600) {
        self.model = model
        let shortest = model.scales.first?.window ?? 600
        self.allowedLateness = min(max(0, allowedLateness), shortest)
        geometry = ScaleGeometry(model: model, latenessSeconds: self.allowedLateness)
        tables = ModelTables(model: model)
        scaleCount = model.scales.count
        decay = model.scales.map { exp2(-Double($0.window) / Double(model.learning.halfLife)) }
        var powers: [Double] = []
        var sums: [Double] = []
        for lambda in decay {
            var p = 1.0
            var sum = 0.0
            for _ in 0..<BaselineDetector.decayRowLength {
                powers.append(p)
                sums.append(sum)
                sum += p
                p *= lambda
            }
        }
        decayPowers = powers
        decaySums = sums
        runStart = Array(repeating: 0, count: scaleCount)
        runEnd = Array(repeating: 0, count: scaleCount)
        runExposure = Array(repeating: 1, count: scaleCount)
        cutoffScratch = Array(repeating: 0, count: scaleCount)
        cellPool = CellPool(levelMinutes: geometry.bucketMinutes)
        noveltyPool = NoveltyFilterPool(
            initialBits: model.novelty.initialBits, falsePositiveRate: model.novelty.falsePositiveRate)
        profiles = SeasonalProfiles(model: model)
        population = PopulationModel(scales: scaleCount, halfLifeSeconds: model.learning.halfLife)
    }

    // MARK: Detector

    /// Counts one event; may emit an alert at once. - Complexity: O(1) for `.other`; O(cells) for a
    /// transfer, plus the score of windows that pass their evaluation floors.
    public mutating func observe(_ observation: Observation, emit: (AlertCandidate) -> Void) {
        let t = observation.time
        if t > now { advanceClock(to: t) }
        if t < now - allowedLateness {
            lateEvents += 1
            return
        }
        let a = Int(observation.actor)
        guard a < BaselineDetector.maxActorId else {
            ignoredEvents += 1
            return
        }
        if a >= actors.count { growActors(to: a + 1) }
        let m = EventTime.minute(ofSeconds: t)
        if actors[a].first == .max {
            actors[a].first = m
            actorCount += 1
        } else if m < actors[a].first {
            actors[a].first = m
        }
        if m > actors[a].last { actors[a].last = m }
        guard observation.action.isTransferOut else { return }
        observeTransfer(observation, actor: a, minute: m, emit: emit)
    }

    /// Moves the clock to `watermark` (seconds) without an event. Windows ending at or before
    /// `watermark − allowedLateness` become closable. With a ``windowScoreSink``, also flushes the
    /// records of every actor. A target beyond the clock plus the longest window and the lateness is
    /// clamped there (enough to close everything), so `advance(to: .max)` is safe.
    public mutating func advance(to watermark: Int64, emit: (AlertCandidate) -> Void) {
        guard now != .min else { return }
        let horizon =
            now + Int64(geometry.maxWindowMinutes) * 60 + allowedLateness
            + 2 * Int64(geometry.bucketMinutes.last ?? 60) * 60
        let target = min(watermark, horizon)
        if target > now { advanceClock(to: target) }
        if windowScoreSink != nil {
            for slot in 0..<slots.count where slots[slot].due <= nowMinute && slots[slot].actor != Self.noActor {
                maintain(slot: slot)
            }
        }
    }

    // MARK: Clock

    /// Watermark minute: windows ending at or before it are closed.
    var watermarkMinute: Int32 { EventTime.minute(ofSeconds: now - allowedLateness) }

    /// End of the learning period, seconds UTC (nil before the first event): windows that began
    /// before it never alert.
    public var learningEnds: Int64? { learnUntil == .min ? nil : learnUntil }

    /// Whether the running window of `scale` began inside the learning period: such a window does not
    /// page, so activity of the learning period never pages, even from a day-scale window that still
    /// holds it after the period ended.
    @inline(__always)
    func isLearning(scale s: Int) -> Bool { Int64(runStart[s]) * 60 < learnUntil }

    mutating func advanceClock(to t: Int64) {
        if now == .min {
            now = t
            nowMinute = EventTime.minute(ofSeconds: t)
            if learnUntil == .min { learnUntil = t + model.learnFor }
            updateRunningWindows()
            populationTick()
            return
        }
        now = t
        let m = EventTime.minute(ofSeconds: t)
        guard m != nowMinute else { return }
        nowMinute = m
        updateRunningWindows()
        populationTick()
    }

    mutating func updateRunningWindows() {
        for s in 0..<scaleCount {
            let w = geometry.runningWindow(now: nowMinute, scale: s)
            runStart[s] = w.start
            runEnd[s] = w.end
            runExposure[s] = profiles.meanFactor(from: w.start, to: w.end, profile: SeasonalProfiles.none)
        }
    }

    // MARK: Storage growth

    mutating func growActors(to count: Int) {
        let n = count - actors.count
        actors.append(contentsOf: repeatElement(ActorState(), count: n))
    }

    /// Gives an actor its window and baseline storage on its first transfer: the baselines start at the
    /// new-actor prior, and learning starts with the tumbling window of this event.
    mutating func createSlot(actor a: Int, minute m: Int32) -> Int {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
            slots[slot] = SlotState(actor: UInt32(a), due: nowMinute)
        } else {
            slot = slots.count
            slots.append(SlotState(actor: UInt32(a), due: nowMinute))
            baselines.append(contentsOf: repeatElement(0, count: scaleCount * BaselineDetector.baselineStride))
            closedThrough.append(contentsOf: repeatElement(0, count: scaleCount))
        }
        actors[a].slot = UInt32(slot)
        let nowM = nowMinute
        let weight = population.weight(at: nowM)
        for s in 0..<scaleCount {
            let beta = model.newActors.priorWindows
            let base = (slot * scaleCount + s) * BaselineDetector.baselineStride
            baselines[base] = Float32(beta)
            for sig in BaselineSignal.allCases {
                let mean = population.newActorMean(
                    scale: s, signal: sig.rawValue, priorMean: model.signals[sig].priorMean[s],
                    strength: model.newActors.priorStrength, weight: weight)
                baselines[base + 1 + sig.rawValue] = Float32(mean * beta)
            }
            closedThrough[slot * scaleCount + s] = geometry.windowIndex(min(m, nowM), scale: s) - 1
        }
        return slot
    }
}

/// What the detector keeps for every actor id.
struct ActorState: Sendable, Equatable {
    /// First minute seen; `Int32.max` for an id never seen.
    var first: Int32 = .max
    var last: Int32 = .min
    /// Slot of an actor that made a transfer, `UInt32.max` otherwise.
    var slot: UInt32 = BaselineDetector.noSlot
}

/// What the detector keeps for every actor that made a transfer, besides its baselines.
///
/// 64 bytes, so the per-event bookkeeping of an actor touches one cache line.
struct SlotState: Sendable, Equatable {
    var keys = KeyTableRef.empty
    var cells = CellListRef.empty
    var novelty = NoveltyRef()
    var actor: UInt32
    /// Seasonal profile index, `SeasonalProfiles.none` without one.
    var profile = SeasonalProfiles.none
    var transfers: UInt32 = 0
    /// Clock minute from which the slot needs maintenance (its next tumbling window is closable, or,
    /// with a sink, the next minute).
    var due: Int32
    /// Start of the actor's oldest cell at its last maintenance: keys last touched before it lie in
    /// dropped cells and may be purged from its key table.
    var oldestCell: Int32 = .min
    /// Bit `d` set: dimension `d` (0 repositories, 1 namespaces, 2 sources) counts with a sketch.
    var sketchMask: UInt8 = 0

    init(actor: UInt32, due: Int32) {
        self.actor = actor
        self.due = due
    }
}
