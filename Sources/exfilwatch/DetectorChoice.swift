import ExfilWatch

/// A detector named on the command line (`--detector`), and how to build it and its engine.
enum DetectorChoice {
    case baseline(BaselineModel)
    case preset(StaticRule)

    var name: String {
        switch self {
        case .baseline: "baseline"
        case .preset(let rule): rule.rawValue
        }
    }

    /// Calls `body` with the detector, concretely typed so the engine is specialised for it.
    func withDetector<R>(allowedLateness: Int64, _ body: (any StatefulDetector) throws -> R) rethrows -> R {
        switch self {
        case .baseline(let model): try body(BaselineDetector(model: model, allowedLateness: allowedLateness))
        case .preset(let rule): try body(StaticRuleDetector(rule: rule))
        }
    }

    /// A detection engine for this detector, delivering alerts to `onAlert`.
    func makeEngine(options: ScanOptions, onAlert: @escaping (Alert) -> Void) -> any EventConsumer {
        withDetector(allowedLateness: options.allowedLateness) { detector in
            Self.engine(detector, options: options, onAlert: onAlert)
        }
    }

    static func engine<D: StatefulDetector>(_ detector: D, options: ScanOptions, onAlert: @escaping (Alert) -> Void)
        -> any EventConsumer
    {
        DetectionEngine(
            detector: detector, actorKey: options.actorKey, allowedLateness: options.allowedLateness,
            maxActors: options.maxActors, onAlert: onAlert)
    }
}
