import Foundation

/// Chooses the baseline's alert threshold and floors from labeled data without re-reading it:
/// the detector scores every window once (``WindowScore`` records), then each candidate setting is
/// replayed from the records (``BaselineDetector/replay(records:threshold:floors:model:)``) and scored
/// against the labels on the earlier part of the time range. The later part is held out to report
/// honest figures for the chosen setting.
public struct ThresholdTuner {
    /// One setting tried: a threshold and floors interpolated between the evaluation floors
    /// (`floorScale` 0) and the model's floors (1), or beyond.
    public struct Candidate: Sendable {
        public var threshold: Double
        public var floorScale: Double
        public var floors: [BaselineModel.Floors]
        public var train: EvaluationResult
    }

    public let model: BaselineModel
    public let records: [WindowScore]
    public let incidents: [Incident]
    /// Event time where training ends and the held-out part begins, seconds UTC.
    public let split: Int64
    public let range: ClosedRange<Int64>
    public var matcher = IncidentMatcher()
    /// Turns a replayed candidate into an alert (resolves ids to names).
    let makeAlert: (AlertCandidate) -> Alert

    /// Thresholds tried, besides the starting model's own.
    public static let thresholds: [Double] = stride(from: 2.0, through: 10.0, by: 0.5).map { $0 }
    /// Floor scales tried (0 = evaluation floors, 1 = the model's floors).
    public static let floorScales: [Double] = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2]

    /// - Parameters:
    ///   - holdout: fraction of the time range, at its end, kept out of the choice (0…0.9).
    public init(
        model: BaselineModel, records: [WindowScore], incidents: [Incident], range: ClosedRange<Int64>,
        holdout: Double, makeAlert: @escaping (AlertCandidate) -> Alert
    ) {
        self.model = model
        self.records = records
        self.incidents = incidents
        self.range = range
        split = range.upperBound - Int64(Double(range.upperBound - range.lowerBound) * holdout)
        self.makeAlert = makeAlert
    }

    /// Floors at `scale` between the evaluation floors and the model's floors, per time scale.
    public func floors(scale: Double) -> [BaselineModel.Floors] {
        model.scales.map { s in
            func mix(_ low: Int, _ high: Int) -> Int {
                max(low, Int((Double(low) + scale * Double(high - low)).rounded()))
            }
            return BaselineModel.Floors(
                repos: mix(s.evaluationFloors.repos, s.floors.repos),
                newRepos: mix(s.evaluationFloors.newRepos, s.floors.newRepos),
                namespaces: mix(s.evaluationFloors.namespaces, s.floors.namespaces),
                archives: mix(s.evaluationFloors.archives, s.floors.archives))
        }
    }

    /// Figures of one setting on the part of the data in `part` (alerts by detection time, incidents
    /// by start time).
    public func evaluate(threshold: Double, floors: [BaselineModel.Floors], part: ClosedRange<Int64>)
        -> EvaluationResult
    {
        let alerts = BaselineDetector.replay(records: records, threshold: threshold, floors: floors, model: model)
            .filter { part.contains($0.detectedAt) }.map(makeAlert)
        let labeled = incidents.filter { part.contains($0.start) }
        return matcher.evaluate(alerts: alerts, incidents: labeled, span: part.upperBound - part.lowerBound)
    }

    /// Every candidate on the training part (the grid and the starting model), and the chosen one: the
    /// highest recall among those with precision ≥ `targetPrecision`; ties go to higher precision,
    /// then to the setting closest to the starting model (so tuning moves the values only as far as
    /// the labels demand), then to the shorter median delay. When none reaches the target, the best F1.
    public func sweep(targetPrecision: Double) -> (chosen: Candidate, all: [Candidate], metTarget: Bool) {
        let train = range.lowerBound...max(range.lowerBound, split - 1)
        var all: [Candidate] = []
        // The start is always a candidate, on the grid or not, so that a tie keeps it rather than moving
        // to the nearest grid value.
        let thresholds = Set(Self.thresholds + [model.threshold]).sorted()
        for t in thresholds {
            for s in Self.floorScales {
                let f = floors(scale: s)
                all.append(
                    Candidate(
                        threshold: t, floorScale: s, floors: f, train: evaluate(threshold: t, floors: f, part: train)))
            }
        }
        let eligible = all.filter { $0.train.precision >= targetPrecision }
        func distance(_ c: Candidate) -> Double { abs(log(c.threshold / model.threshold)) + abs(c.floorScale - 1) }
        func better(_ a: Candidate, _ b: Candidate) -> Bool {
            let ka = (a.train.recall, a.train.precision, -distance(a), -(a.train.medianDelay ?? .infinity))
            let kb = (b.train.recall, b.train.precision, -distance(b), -(b.train.medianDelay ?? .infinity))
            return ka > kb
        }
        if let best = eligible.max(by: { better($1, $0) }) { return (best, all, true) }
        let best = all.max { ($0.train.f1, -distance($0)) < ($1.train.f1, -distance($1)) }!
        return (best, all, false)
    }

    /// The model with the candidate's threshold and floors.
    public func tunedModel(_ c: Candidate) -> BaselineModel {
        var m = model
        m.threshold = c.threshold
        // Severity bands start at the threshold at the lowest.
        if m.severity.medium < c.threshold {
            m.severity.medium = c.threshold
            m.severity.high = max(m.severity.high, 2 * c.threshold)
            m.severity.critical = max(m.severity.critical, 4 * c.threshold)
        }
        for i in m.scales.indices { m.scales[i].floors = c.floors[i] }
        return m
    }
}
