import ExfilWatch

/// A detector named on the command line (`--detector`), and how to build its engine.
enum DetectorChoice {
    case preset(StaticRule)

    static let defaultName = StaticRule.elasticUserClones.rawValue

    init?(name: String) {
        guard let rule = StaticRule(rawValue: name) else { return nil }
        self = .preset(rule)
    }

    var name: String {
        switch self {
        case .preset(let rule): rule.rawValue
        }
    }

    /// A detection engine for this detector, delivering alerts to `onAlert`.
    func makeEngine(options: ScanOptions, onAlert: @escaping (Alert) -> Void) -> any EventConsumer {
        switch self {
        case .preset(let rule):
            DetectionEngine(
                detector: StaticRuleDetector(rule: rule), actorKey: options.actorKey,
                allowedLateness: options.allowedLateness, onAlert: onAlert)
        }
    }
}
