import Testing

@testable import ExfilWatch

@Suite("Baseline state")
struct StateTests {
    static let events = stream()

    static func stream() -> [Observation] {
        var s = ScenarioTests.background(seed: 11)
        s.sweep(
            actor: 5, from: SyntheticStream.start + 8 * SyntheticStream.day + 14 * SyntheticStream.hour, count: 150,
            spacing: 2)
        s.sweep(
            actor: 9, from: SyntheticStream.start + 7 * SyntheticStream.day + 6 * SyntheticStream.hour, count: 200,
            spacing: 360)
        return s.sorted()
    }

    /// Runs `events`, saving and reloading the state before each index of `splits`.
    static func run(_ events: [Observation], splits: [Int]) throws -> [AlertCandidate] {
        var detector = BaselineDetector(model: .shipped)
        var alerts: [AlertCandidate] = []
        for (i, e) in events.enumerated() {
            if splits.contains(i) {
                detector.advance(to: events[i - 1].time) { alerts.append($0) }
                let bytes = detector.encodeState()
                detector = try BaselineDetector(model: .shipped, state: bytes)
                #expect(detector.encodeState() == bytes, "decode then encode gives the same bytes")
            }
            detector.observe(e) { alerts.append($0) }
        }
        return alerts
    }

    @Test("saved and loaded state gives the same alerts as an uninterrupted run")
    func roundTrip() throws {
        let events = StateTests.events
        let uninterrupted = try StateTests.run(events, splits: [])
        #expect(Set(uninterrupted.map(\.actor)) == [5, 9])
        // Split mid-burst, mid-slow-exfiltration and at an arbitrary point of the background.
        let burst = events.firstIndex { $0.actor == 5 && $0.resource == SyntheticStream.repo(0, 17) }! + 40
        let slow = events.firstIndex {
            $0.actor == 9 && $0.namespace == 5 && $0.resource == SyntheticStream.repo(5, 19)
        }!
        let resumed = try StateTests.run(events, splits: [events.count / 3, slow, burst])
        #expect(resumed == uninterrupted)
    }

    @Test("a loaded state skips the learning period it already served")
    func learningCarriesOver() throws {
        var detector = BaselineDetector(model: .shipped)
        let events = StateTests.events
        let cut = events.firstIndex { $0.time > SyntheticStream.start + 5 * SyntheticStream.day }!
        for e in events[..<cut] { detector.observe(e) { _ in } }
        let restored = try BaselineDetector(model: .shipped, state: detector.encodeState())
        #expect(restored.learnUntil == detector.learnUntil)
        #expect(!restored.isLearning(scale: 2))
        #expect(restored.actorCount == detector.actorCount)
    }

    @Test("damaged, foreign, newer and incompatible states are clear errors")
    func errors() throws {
        var detector = BaselineDetector(model: .shipped)
        for e in StateTests.events.prefix(5000) { detector.observe(e) { _ in } }
        let bytes = detector.encodeState()
        func kind(_ b: [UInt8], model: BaselineModel = .shipped) -> BaselineStateError.Kind? {
            do {
                _ = try BaselineDetector(model: model, state: b)
                return nil
            } catch let e as BaselineStateError {
                #expect(e.description.contains("--fresh-state"))
                return e.kind
            } catch {
                return nil
            }
        }
        #expect(kind(Array("not a state".utf8)) == .notAState)
        var newer = bytes
        newer[8] = 99
        #expect(kind(newer) == .newerVersion(found: 99, supported: 1))
        #expect(kind(Array(bytes.prefix(bytes.count / 2))) == .corrupt)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(kind(flipped) == .corrupt)
        var other = BaselineModel.shipped
        other.scales[0].window = 900
        other.scales[0].bucket = 60
        #expect(kind(bytes, model: other) == .incompatibleModel)
        var thresholds = BaselineModel.shipped
        thresholds.threshold = 6
        #expect(kind(bytes, model: thresholds) == nil, "thresholds may change between runs")
    }
}
