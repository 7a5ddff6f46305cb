import ExfilWatch
import Foundation
import Testing

/// `evaluate` and `tune` on the committed datasets, as a user runs them.
@Suite("Evaluation: committed datasets")
struct DatasetEvaluationTests {
    static func dataset(_ name: String) -> String { TestSupport.packageRoot + "/datasets/" + name }

    static func run(_ paths: [String], labels: String) throws -> [EvaluationRun.Outcome] {
        let incidents = try LabelsFile.load(path: labels)
        let options = ScanOptions()
        var detectors: [(name: String, make: (@escaping (Alert) -> Void) -> any EventConsumer)] = [
            ("baseline", { DetectionEngine(detector: BaselineDetector(model: .shipped), onAlert: $0) })
        ]
        for rule in StaticRule.allCases {
            detectors.append(
                (rule.rawValue, { DetectionEngine(detector: StaticRuleDetector(rule: rule), onAlert: $0) }))
        }
        let (summary, outcomes, _) = EvaluationRun(options: options).run(
            paths: paths, incidents: incidents, detectors: detectors)
        #expect(summary.allInputsRead)
        return outcomes
    }

    @Test(
        "small-7d: the shipped baseline finds every incident with no false alert, in both formats",
        arguments: ["access.log.gz", "audit.jsonl.gz"])
    func smallDataset(file: String) throws {
        let outcomes = try Self.run([Self.dataset("small-7d/" + file)], labels: Self.dataset("small-7d/labels.csv"))
        let baseline = outcomes[0].result
        #expect(baseline.incidents == 6)
        #expect(baseline.detected == 6)
        #expect(baseline.alerts == 6)
        #expect(baseline.precision == 1)
        #expect((baseline.medianDelay ?? .infinity) < 300, "bursts are caught within 5 minutes")
        for preset in outcomes.dropFirst() {
            #expect(preset.result.f1 < 0.5, "\(preset.detector) F1 \(preset.result.f1)")
            #expect(preset.result.f1 < baseline.f1)
        }
    }

    @Test("servers3-14d: three servers merged; baseline recall and precision meet the targets")
    func multiServer() throws {
        let dir = Self.dataset("servers3-14d")
        let outcomes = try Self.run(
            ["access-1.log.gz", "access-2.log.gz", "access-3.log.gz"].map { dir + "/" + $0 },
            labels: dir + "/labels.csv")
        let baseline = outcomes[0].result
        #expect(baseline.recall >= 0.95)
        #expect(baseline.precision >= 0.90)
        #expect(outcomes.dropFirst().allSatisfy { $0.result.f1 < baseline.f1 })
    }

    @Test("tune: scores once, meets the target precision on training, writes a model that loads back")
    func tune() throws {
        let dir = Self.dataset("servers3-14d")
        let incidents = try LabelsFile.load(path: dir + "/labels.csv")
        final class Records { var all: [WindowScore] = [] }
        let records = Records()
        var detector = BaselineDetector(model: .shipped)
        detector.windowScoreSink = { records.all.append($0) }
        let engine = DetectionEngine(detector: detector) { _ in }
        _ = BatchScanner(options: ScanOptions(), engine: engine).run(paths: [dir + "/audit.jsonl.gz"])
        let range = try #require(engine.eventTimeRange)
        let tuner = ThresholdTuner(
            model: .shipped, records: records.all, incidents: incidents, range: range, holdout: 0.3,
            makeAlert: engine.makeAlert)
        let (chosen, all, met) = tuner.sweep(targetPrecision: 0.95)
        #expect(met)
        #expect(all.count == ThresholdTuner.thresholds.count * ThresholdTuner.floorScales.count)
        #expect(chosen.train.precision >= 0.95)
        #expect(chosen.train.recall >= 0.95)
        // Replaying the shipped settings reproduces the live alerts' count on the whole range.
        let live = try Self.run([dir + "/audit.jsonl.gz"], labels: dir + "/labels.csv")[0].result
        let replayed = tuner.evaluate(
            threshold: BaselineModel.shipped.threshold, floors: tuner.floors(scale: 1), part: range)
        #expect(replayed.alerts == live.alerts)
        #expect(replayed.detected == live.detected)
        let tuned = tuner.tunedModel(chosen)
        let reloaded = try BaselineModel.decode(json: tuned.fileContent(comment: ["tuned in a test"]))
        #expect(reloaded == tuned)
        // A start off the grid is a candidate too, and kept when nothing on the grid does better.
        var offGrid = BaselineModel.shipped
        offGrid.threshold = 4.3
        let fromOffGrid = ThresholdTuner(
            model: offGrid, records: records.all, incidents: incidents, range: range, holdout: 0.3,
            makeAlert: engine.makeAlert)
        let (kept, candidates, _) = fromOffGrid.sweep(targetPrecision: 0.95)
        let start = try #require(candidates.first { $0.threshold == 4.3 && $0.floorScale == 1 })
        let best = candidates.filter { $0.train.precision >= 0.95 }.map { ($0.train.recall, $0.train.precision) }
            .max { $0 < $1 }
        if let best, (start.train.recall, start.train.precision) == best {
            #expect(kept.threshold == 4.3 && kept.floorScale == 1)
        }
    }
}
