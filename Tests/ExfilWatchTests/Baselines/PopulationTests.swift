import Testing

@testable import ExfilWatch

@Suite("Population and episodes")
struct PopulationTests {
    /// Runs a background with developers fetching `factor` times more on day 8, and returns the
    /// hourly surge factor of fetches at 15:00 that day, and an ordinary developer's expected fetches.
    static func fetchSurge(factor: Double) -> (surge: Double, expected: Double) {
        var s = SyntheticStream(seed: 21)
        s.developers(0..<20, days: 0..<9) { $0 == 8 ? factor : 1 }
        let cut = SyntheticStream.start + 8 * SyntheticStream.day + 15 * SyntheticStream.hour
        var detector = BaselineDetector(model: .shipped)
        for e in s.sorted() where e.time < cut { detector.observe(e) { _ in } }
        let fetches = BaselineSignal.fetches.rawValue
        let slot = Int(detector.actors[4].slot)
        let ev = detector.scoreWindow(
            slot: slot, scale: 1, sums: .zero, from: detector.runStart[1], to: detector.runEnd[1])
        return (detector.population.surge[BaselineSignal.count + fetches], ev.expected[fetches])
    }

    @Test("a population-wide surge raises everyone's expectation")
    func surgeRaisesExpectations() {
        let normal = PopulationTests.fetchSurge(factor: 1)
        let surge = PopulationTests.fetchSurge(factor: 5)
        #expect(normal.surge < 1.5, "\(normal.surge)")
        #expect(surge.surge > 2, "\(surge.surge)")
        #expect(surge.expected > 2 * normal.expected)
    }

    @Test("separate incidents are separate episodes; one incident is one episode")
    func episodes() {
        var s = ScenarioTests.background()
        let first = SyntheticStream.start + 7 * SyntheticStream.day + 10 * SyntheticStream.hour
        s.sweep(actor: 5, from: first, count: 120, spacing: 3)
        // Two days later, another sweep of other repositories by the same actor.
        for i in 0..<120 {
            s.add(first + 2 * SyntheticStream.day + Int64(i) * 3, 5, .clone, ns: i % 20, repo: 30 + i / 20, source: 901)
        }
        let alerts = runDetector(s.sorted()).filter { $0.actor == 5 }
        let episodes = Dictionary(grouping: alerts, by: \.episodeStart)
        #expect(episodes.count == 2, "\(alerts.map(\.detectedAt))")
        for (_, group) in episodes {
            #expect(group.map(\.revision) == Array(0..<group.count))
            #expect(group.first!.detectedAt - group.first!.episodeStart < 600 + 300)
        }
    }

    @Test("a new actor is judged against what new actors usually do")
    func newActorPrior() {
        var detector = BaselineDetector(model: .shipped)
        for e in ScenarioTests.background().sorted() { detector.observe(e) { _ in } }
        // The learned prior for a new actor's daily clones reflects the population, not the file's guess.
        let weight = detector.population.weight(at: detector.nowMinute)
        let learned = detector.population.newActorMean(
            scale: 2, signal: BaselineSignal.fetches.rawValue, priorMean: 100, strength: 20, weight: weight)
        #expect(learned < 60, "\(learned): pulled from the file's 100 toward what new actors did")
        let data = detector.population.newActorMean(
            scale: 2, signal: BaselineSignal.fetches.rawValue, priorMean: 100, strength: 0, weight: weight)
        #expect(data > 2 && data < 15, "\(data) fetches a day by young actors")
    }

    @Test("a window's signal vector reads each signal from its own lane")
    func signalLanes() {
        let sums = LaneCounts(counts: SIMD8(11, 12, 13, 14, 15, 16, 17, 18), distinct: SIMD4(21, 22, 23, 24))
        let v = SignalVector(sums)
        for signal in BaselineSignal.allCases {
            #expect(v[signal.rawValue] == signal.value(in: sums), "\(signal)")
        }
        #expect((BaselineSignal.count..<16).allSatisfy { v[$0] == 0 })
    }
}
