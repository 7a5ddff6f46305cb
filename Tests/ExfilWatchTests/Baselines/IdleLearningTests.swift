import Foundation
import Testing

@testable import ExfilWatch

/// Runs of empty windows fold into an actor's baseline an hour at a time; the result must be the
/// window-by-window recurrence `α ← λα`, `β ← λβ + exposure(window)`, where a window inside one hour
/// has that hour's exposure and a longer one the mean over its hours (hour-of-week seasonality makes
/// every hour's different).
@Suite("Baselines: idle windows")
struct IdleLearningTests {
    /// A detector after a week of ordinary developers, and the slot of one of them.
    static func trained(model: BaselineModel = .shipped) -> (BaselineDetector, Int) {
        var detector = BaselineDetector(model: model)
        for e in ScenarioTests.background().sorted() { detector.observe(e) { _ in } }
        return (detector, Int(detector.actors[4].slot))
    }

    /// The recurrence, window by window: (α of every signal, β) after `count` empty windows from `first`.
    static func reference(_ d: BaselineDetector, slot: Int, scale s: Int, first: Int32, count: Int32) -> (
        [Double], Double
    ) {
        let w = d.geometry.windowMinutes[s]
        let base = (slot * d.scaleCount + s) * BaselineDetector.baselineStride
        let lambda = d.decay[s]
        var beta = Double(d.baselines[base])
        var alpha = (0..<BaselineSignal.count).map { Double(d.baselines[base + 1 + $0]) }
        for j in 0..<count {
            let from = (first + j) * w
            let hour = EventTime.floorDiv(from, 60) * 60
            let inOneHour = from + w <= hour + 60
            let (a, b) = inOneHour ? (hour, hour + 60) : (from, from + w)
            beta = lambda * beta + d.profiles.meanFactor(from: a, to: b, profile: d.slots[slot].profile)
            alpha = alpha.map { $0 * lambda }
        }
        return (alpha, beta)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-5 * max(abs(a), abs(b), 1e-30) }

    @Test(
        "folding empty windows an hour at a time equals folding them one by one",
        arguments: [(0, 500), (0, 7), (0, 1), (1, 30), (2, 3)] as [(Int, Int32)])
    func hourlyFoldMatchesRecurrence(scale: Int, count: Int32) {
        Self.expectFoldMatchesRecurrence(Self.trained(), scale: scale, count: count)
    }

    @Test("45-minute windows, some inside an hour and some across two, fold one by one with their own exposure")
    func windowsNotDividingAnHour() {
        var model = BaselineModel.shipped
        model.scales[0].window = 2700
        #expect((try? model.validate()) != nil)
        Self.expectFoldMatchesRecurrence(Self.trained(model: model), scale: 0, count: 100)
    }

    static func expectFoldMatchesRecurrence(_ trainedSlot: (BaselineDetector, Int), scale: Int, count: Int32) {
        let (trained, slot) = trainedSlot
        let w = trained.geometry.windowMinutes[scale]
        // Start two windows into an hour (ten-minute windows) so the first and last hours are partial.
        let first = EventTime.floorDiv(trained.nowMinute, 60) * 60 / w + (w < 60 ? 2 : 0)
        let (alpha, beta) = Self.reference(trained, slot: slot, scale: scale, first: first, count: count)
        var folded = trained
        folded.learnEmpty(slot: slot, scale: scale, firstWindow: first, count: count)
        let base = (slot * folded.scaleCount + scale) * BaselineDetector.baselineStride
        let foldedBeta = Double(folded.baselines[base])
        #expect(Self.close(foldedBeta, Double(Float32(beta))), "β \(foldedBeta) vs \(beta)")
        for i in 0..<BaselineSignal.count {
            #expect(Self.close(Double(folded.baselines[base + 1 + i]), Double(Float32(alpha[i]))))
        }
        // α really decayed: a fold that skipped the shrink would leave the largest α where it was.
        let top = (0..<BaselineSignal.count).max {
            trained.baselines[base + 1 + $0] < trained.baselines[base + 1 + $1]
        }!
        #expect(trained.baselines[base + 1 + top] > 0)
        #expect(folded.baselines[base + 1 + top] < trained.baselines[base + 1 + top])
        // The hours' exposures differ (seasonality), so a fold with one shared exposure would not pass.
        let profile = trained.slots[slot].profile
        let hours = Set((0..<24).map { trained.profiles.factor(minute: first * w + Int32($0) * 60, profile: profile) })
        #expect(hours.count > 1)
    }
}
