import Testing

@testable import ExfilWatch

@Suite("Window-score records and replay")
struct ReplayTests {
    struct Key: Hashable {
        var actor: UInt32, episodeStart: Int64, revision: Int, windowStart: Int64, windowEnd: Int64
        var detectedAt: Int64, score: Double, severity: Alert.Severity

        init(_ a: AlertCandidate) {
            (actor, episodeStart, revision, windowStart) = (a.actor, a.episodeStart, a.revision, a.windowStart)
            (windowEnd, detectedAt, score, severity) = (a.windowEnd, a.detectedAt, a.score, a.severity)
        }
    }

    /// Computed once for the suite.
    static let result = recorded()

    static func recorded() -> (live: [AlertCandidate], records: [WindowScore], plain: [AlertCandidate]) {
        var s = ScenarioTests.background(seed: 3)
        s.sweep(
            actor: 5, from: SyntheticStream.start + 8 * SyntheticStream.day + 14 * SyntheticStream.hour, count: 150,
            spacing: 2)
        s.sweep(
            actor: 9, from: SyntheticStream.start + 7 * SyntheticStream.day + 6 * SyntheticStream.hour, count: 200,
            spacing: 360)
        s.mirror(actor: 200, days: 4..<8)
        let events = s.sorted()
        var records: [WindowScore] = []
        var detector = BaselineDetector(model: .shipped)
        detector.windowScoreSink = { records.append($0) }
        let live = runDetector(events, detector: &detector)
        return (live, records, runDetector(events))
    }

    @Test("replay at the model's threshold and floors reproduces the live alerts exactly")
    func exactReplay() {
        let (live, records, plain) = ReplayTests.result
        #expect(live.map(ReplayTests.Key.init) == plain.map(ReplayTests.Key.init), "a sink does not change alerts")
        #expect(Set(live.map(\.actor)).isSuperset(of: [5, 9]))
        let model = BaselineModel.shipped
        let replayed = BaselineDetector.replay(
            records: records, threshold: model.threshold, floors: model.scales.map(\.floors), model: model)
        #expect(replayed.map(ReplayTests.Key.init) == live.map(ReplayTests.Key.init))
    }

    @Test("records cover every active window, and sweeps move alerts monotonically")
    func sweep() {
        let (_, records, _) = ReplayTests.result
        #expect(records.allSatisfy { $0.signals.count == 10 && $0.windowEnd > $0.windowStart })
        #expect(records.allSatisfy { r in r.signals.contains { $0.observed > 0 } })
        let perScale = Dictionary(grouping: records, by: \.scale).mapValues(\.count)
        #expect(perScale.count == 3)
        let model = BaselineModel.shipped
        let floors = model.scales.map(\.floors)
        var previous = Int.max
        for threshold in [2.0, 4.0, 8.0, 16.0, 1000.0] {
            let episodes = Set(
                BaselineDetector.replay(records: records, threshold: threshold, floors: floors, model: model)
                    .map { "\($0.actor)@\($0.episodeStart)" })
            #expect(episodes.count <= previous, "threshold \(threshold)")
            previous = episodes.count
        }
        #expect(previous == 0)
        let loose = model.scales.map(\.evaluationFloors)
        #expect(BaselineDetector.replay(records: records, threshold: 3, floors: loose, model: model).count >= 2)
    }
}
