import ArgumentParser
import ExfilWatch
import Foundation

/// `exfilwatch tune --labels labels.csv --target-precision 0.95 --out models/tuned.json FILES...`
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Choose the baseline's threshold and floors on labeled logs and write the tuned model.",
        discussion: """
            Reads and scores the logs once, then replays every (threshold, floors) candidate from the \
            scored windows on the earlier part of the time range, choosing the highest recall at the \
            target precision. The last --holdout fraction of the time range is kept out of the choice and \
            reported as the honest figures of the tuned model beside the starting model's.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "labels.csv with columns actor,start,end[,scenario]; times RFC 3339 with a zone (Z or +05:30).")
    var labels: String

    @Option(help: "Starting model (default: the shipped models/default.json).")
    var model: String?

    @Option(help: "Minimum alert precision on the training part.")
    var targetPrecision: Double = 0.95

    @Option(help: "Fraction of the time range, at its end, held out from the choice.")
    var holdout: Double = 0.3

    @Option(help: ArgumentHelp("Where to write the tuned model (JSON).", valueName: "PATH"))
    var out: String

    @Argument(help: "Log files or directories.")
    var files: [String]

    func validate() throws {
        guard (0...1).contains(targetPrecision) else { throw ValidationError("--target-precision must be 0…1") }
        guard (0...0.9).contains(holdout) else { throw ValidationError("--holdout must be 0…0.9") }
    }

    func run() throws {
        let incidents: [Incident]
        let base: BaselineModel
        do {
            incidents = try LabelsFile.load(path: labels)
            base = try model.map { try BaselineModel.load(path: $0) } ?? .shipped
        } catch {
            FileHandleOutput.message("error: \(error)")
            throw ExitCode(2)
        }
        do { try AtomicFile.checkWritable(out, followingDirectoryLink: true) } catch {
            FileHandleOutput.message("error: cannot write \(out): \(error)")
            throw ExitCode(1)
        }
        final class Records { var all: [WindowScore] = [] }
        let records = Records()
        var detector = BaselineDetector(model: base, allowedLateness: input.allowedLateness)
        detector.windowScoreSink = { records.all.append($0) }
        let options = input.scanOptions
        let engine = DetectionEngine(
            detector: detector, actorKey: options.actorKey, allowedLateness: options.allowedLateness,
            maxActors: options.maxActors
        ) { _ in }
        let scanner = BatchScanner(options: options, engine: engine)
        scanner.diagnostic = { FileHandleOutput.message($0) }
        let summary = scanner.run(paths: files)
        guard let range = engine.eventTimeRange else {
            FileHandleOutput.message("error: no events in the input")
            throw ExitCode(3)
        }
        let tuner = ThresholdTuner(
            model: base, records: records.all, incidents: incidents, range: range, holdout: holdout,
            makeAlert: engine.makeAlert)
        let (chosen, all, met) = tuner.sweep(targetPrecision: targetPrecision)
        let held = range.upperBound > tuner.split ? tuner.split...range.upperBound : nil
        let tuned = tuner.tunedModel(chosen)
        print("\(records.all.count) scored windows, \(summary.events) events, \(incidents.count) incidents")
        print("training: \(CivilTime.rfc3339(range.lowerBound)) – \(CivilTime.rfc3339(tuner.split))")
        if let held { print("held out: \(CivilTime.rfc3339(held.lowerBound)) – \(CivilTime.rfc3339(held.upperBound))") }
        print(met ? "" : "no candidate reached precision \(targetPrecision) on the training part; chose the best F1")
        var rows: [[String]] = [["setting", "part", "recall", "precision", "F1", "alerts", "median delay"]]
        func row(_ name: String, _ part: String, _ r: EvaluationResult) {
            rows.append([
                name, part, fmt(r.recall), fmt(r.precision), fmt(r.f1), "\(r.alerts)",
                EvaluationTable.duration(r.medianDelay),
            ])
        }
        // Floors as a share of the way from the evaluation floors (0) to the starting model's (1).
        let chosenName = "tuned: threshold \(fmtSetting(chosen.threshold)), floors ×\(fmtSetting(chosen.floorScale))"
        let baseName = "start: threshold \(fmtSetting(base.threshold)), floors ×1"
        row(chosenName, "train", chosen.train)
        if let baseTrain = all.first(where: { $0.threshold == base.threshold && $0.floorScale == 1 }) {
            row(baseName, "train", baseTrain.train)
        }
        var heldNote = "no held-out part"
        if let held {
            let tunedHeld = tuner.evaluate(threshold: chosen.threshold, floors: chosen.floors, part: held)
            let baseHeld = tuner.evaluate(threshold: base.threshold, floors: tuner.floors(scale: 1), part: held)
            row(chosenName, "held out", tunedHeld)
            row(baseName, "held out", baseHeld)
            heldNote =
                "held out \(CivilTime.rfc3339(held.lowerBound))–\(CivilTime.rfc3339(held.upperBound)): recall "
                + "\(fmt(tunedHeld.recall)), precision \(fmt(tunedHeld.precision)) on \(tunedHeld.incidents) incidents"
        }
        print(EvaluationTable.layout(rows), terminator: "")
        let comment = [
            "Tuned by: exfilwatch tune --labels \(labels) --target-precision \(targetPrecision) --holdout \(holdout)",
            "Inputs: \(files.joined(separator: " ")) (\(summary.events) events, \(incidents.count) incidents)",
            "Training \(CivilTime.rfc3339(range.lowerBound))–\(CivilTime.rfc3339(tuner.split)): recall "
                + "\(fmt(chosen.train.recall)), precision \(fmt(chosen.train.precision)) at threshold \(chosen.threshold), "
                + "floors ×\(chosen.floorScale) between evaluation floors (0) and the starting model's (1)",
            heldNote,
        ]
        do {
            try tuned.validate()
            try AtomicFile.write(
                [UInt8](tuned.fileContent(comment: comment)), to: out, mode: 0o644, followingDirectoryLink: true)
        } catch {
            FileHandleOutput.message("error: cannot write \(out): \(error)")
            throw ExitCode(1)
        }
        print("wrote \(out)")
        if !summary.allInputsRead { throw ExitCode(3) }
    }

    private func fmt(_ v: Double) -> String { EvaluationTable.fixed(v) }

    /// `4`, `4.5`, `0.25`: a setting as short as it is exact, so the same value prints the same way.
    private func fmtSetting(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
