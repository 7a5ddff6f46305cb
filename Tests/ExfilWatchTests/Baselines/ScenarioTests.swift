import Testing

@testable import ExfilWatch

/// The "Done means" scenarios, each on a small generated stream with the shipped model.
/// Background: 20 developers over ten days (the first two days are the learning period).
@Suite("Baseline scenarios")
struct ScenarioTests {
    static let developers: Range<UInt32> = 0..<20
    static let days = 0..<10

    static func background(seed: UInt64 = 7) -> SyntheticStream {
        var s = SyntheticStream(seed: seed)
        s.developers(developers, days: days)
        return s
    }

    @Test("ordinary developers raise no alert")
    func quietBackground() {
        let alerts = runDetector(ScenarioTests.background().sorted())
        #expect(alerts.isEmpty, "\(alerts.map(\.reason))")
    }

    @Test("a burst is caught within minutes, early, once per episode")
    func burst() throws {
        var s = ScenarioTests.background()
        let t0 = SyntheticStream.start + 8 * SyntheticStream.day + 14 * SyntheticStream.hour + 1234
        s.sweep(actor: 5, from: t0, count: 150, spacing: 2)
        let events = s.sorted()
        let alerts = runDetector(events)
        let mine = alerts.filter { $0.actor == 5 }
        #expect(alerts.count == mine.count, "only the exfiltrating actor alerts")
        let first = try #require(mine.first)
        #expect(first.revision == 0)
        #expect(first.detectedAt - t0 < 300, "delay under 5 minutes")
        #expect(first.detectedAt < first.windowEnd, "fired before the window ended")
        // Early firing: within a few events of the floors being crossed (8 new repos in 3 namespaces).
        #expect(first.detectedAt <= t0 + 2 * 12, "fired within a few events of crossing")
        #expect(Set(mine.map(\.episodeStart)).count == 1, "one episode")
        #expect(mine.map(\.revision) == Array(0..<mine.count), "revisions count up")
        let severities = mine.map(\.severity)
        #expect(zip(severities, severities.dropFirst()).allSatisfy { $0 < $1 }, "each update escalates")
        #expect(first.reason.contains("in 10m"), "\(first.reason)")
        #expect(!first.signals.isEmpty && first.exampleResources.count == 5)
    }

    @Test("a slow day-long exfiltration is caught by the day scale")
    func slowExfiltration() throws {
        var s = ScenarioTests.background()
        let t0 = SyntheticStream.start + 8 * SyntheticStream.day + 6 * SyntheticStream.hour
        // 10 repositories an hour for 20 hours: no 10-minute or hourly window passes its floors.
        s.sweep(actor: 9, from: t0, count: 200, spacing: 360)
        let alerts = runDetector(s.sorted())
        #expect(alerts.allSatisfy { $0.actor == 9 })
        let first = try #require(alerts.first)
        #expect(first.windowEnd - first.windowStart == SyntheticStream.day, "day scale")
        #expect(first.detectedAt - t0 < 6 * SyntheticStream.hour)
    }

    @Test("a CI bot cloning its own few repositories all day is not flagged")
    func ciBot() {
        var s = ScenarioTests.background()
        s.ciBot(actor: 100, days: 0..<10)
        s.ciBot(actor: 101, days: 6..<10, repos: 5, every: 60)
        let alerts = runDetector(s.sorted())
        #expect(alerts.isEmpty, "\(alerts.map(\.reason))")
    }

    @Test("a nightly mirror is not flagged after its first nights")
    func mirror() {
        var s = ScenarioTests.background()
        s.mirror(actor: 200, days: 3..<10)
        let alerts = runDetector(s.sorted())
        #expect(alerts.allSatisfy { $0.actor == 200 })
        let lastNightAlerted = alerts.map { ($0.detectedAt - SyntheticStream.start) / SyntheticStream.day }.max() ?? 0
        let described = alerts.map { "\(($0.detectedAt - SyntheticStream.start) / 3600)h \($0.reason)" }
        #expect(lastNightAlerted <= 4, "alerts only on its first two nights: \(described)")
    }

    @Test("a new hire's onboarding clones are not flagged")
    func newHire() {
        var s = ScenarioTests.background()
        s.newHire(actor: 300, day: 7, namespaces: [4])
        s.newHire(actor: 301, day: 8, namespaces: [1, 2, 3, 4], count: 40)
        s.developers(300..<301, days: 7..<10)
        s.developers(301..<302, days: 8..<10)
        let alerts = runDetector(s.sorted())
        #expect(alerts.isEmpty, "\(alerts.map(\.reason))")
    }

    @Test("a population-wide surge is not flagged")
    func surge() {
        var s = SyntheticStream(seed: 7)
        s.developers(ScenarioTests.developers, days: ScenarioTests.days) { $0 == 8 ? 5 : 1 }
        let alerts = runDetector(s.sorted())
        #expect(alerts.isEmpty, "\(alerts.map(\.reason))")
    }

    @Test("nothing pages during the learning period")
    func learningPeriod() {
        var s = ScenarioTests.background()
        s.sweep(
            actor: 5, from: SyntheticStream.start + SyntheticStream.day + 15 * SyntheticStream.hour, count: 150,
            spacing: 2)
        #expect(runDetector(s.sorted()).isEmpty)
        var model = BaselineModel.shipped
        model.learnFor = 0
        #expect(runDetector(s.sorted(), model: model).contains { $0.actor == 5 })
    }
}
