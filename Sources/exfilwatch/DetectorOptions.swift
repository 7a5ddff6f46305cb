import ArgumentParser
import ExfilWatch

/// Which detector runs, with its model: shared by `scan`, `tail` and `evaluate`.
struct DetectorOptions: ParsableArguments {
    static let presets = StaticRule.allCases.map(\.rawValue).joined(separator: ", ")

    @Option(help: "Detector: baseline (per-actor statistical baselines), or a static rule preset: \(Self.presets).")
    var detector: String = "baseline"

    @Option(help: "Baseline model file (JSON, see models/README.md). Default: the shipped models/default.json.")
    var model: String?

    @Option(
        help: """
            Event time the baseline learns before it may alert, when it starts with no state \
            (e.g. 36h, 2d, 7200). Default: the model's learn_for (2 days). Ignored with --load-state.
            """)
    var learnFor: String?

    func validate() throws {
        guard detector == "baseline" || StaticRule(rawValue: detector) != nil else {
            throw ValidationError("unknown --detector '\(detector)' (baseline, \(Self.presets))")
        }
        if let learnFor, Self.seconds(learnFor) == nil {
            throw ValidationError("--learn-for takes a duration such as 3600, 90m, 36h or 2d (got '\(learnFor)')")
        }
        if let learnFor, let s = Self.seconds(learnFor), s > Self.maxLearnFor {
            throw ValidationError("--learn-for must be at most 365d (got '\(learnFor)')")
        }
    }

    /// The model, loaded and validated; the error names the file, key and expected range.
    func loadModel() throws -> BaselineModel {
        var m = try model.map { try BaselineModel.load(path: $0) } ?? .shipped
        if let learnFor, let s = Self.seconds(learnFor) { m.learnFor = s }
        return m
    }

    /// The redactor for alerts: the built-in secrets plus what the model file's `redaction` lists
    /// (whichever detector runs).
    func redactor() throws -> Redactor {
        let m = try loadModel()
        return try Redactor(extraParameters: m.redaction.parameters, extraPatterns: m.redaction.patterns)
    }

    /// The chosen detector, built.
    func choice() throws -> DetectorChoice {
        if let rule = StaticRule(rawValue: detector) { return .preset(rule) }
        return .baseline(try loadModel())
    }

    /// The model's bound on `learn_for`, seconds (365 days).
    static let maxLearnFor: Int64 = 365 * 86_400

    /// Seconds in `3600`, `90s`, `90m`, `36h` or `2d`; nil when not a duration or too large to count.
    static func seconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let n = Int64(text.dropLast()), n >= 0 {
            let (product, overflow) = n.multipliedReportingOverflow(by: unit)
            return overflow ? nil : product
        }
        if let n = Int64(text), n >= 0 { return n }
        return nil
    }
}
