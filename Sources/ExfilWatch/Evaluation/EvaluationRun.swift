/// Reads labeled logs once and runs several detectors side by side on the same events, collecting
/// each detector's alerts and scoring them against the labels.
public struct EvaluationRun {
    /// Alerts and figures of one detector.
    public struct Outcome: Sendable {
        public var detector: String
        public var alerts: [Alert]
        public var result: EvaluationResult
    }

    public var options: ScanOptions
    public var matcher = IncidentMatcher()

    public init(options: ScanOptions) {
        self.options = options
    }

    /// Scans `paths` once, feeding one engine per detector.
    /// - Parameters:
    ///   - detectors: (name, engine factory) pairs; the factory receives the alert callback.
    ///   - diagnostic: stderr lines from the scanner (malformed lines, unreadable files).
    public func run(
        paths: [String], incidents: [Incident],
        detectors: [(name: String, make: (@escaping (Alert) -> Void) -> any EventConsumer)],
        diagnostic: @escaping (String) -> Void = { _ in }
    ) -> (summary: ScanSummary, outcomes: [Outcome], activity: DetectionEngine<ActivityRecorder>) {
        final class Collector {
            var alerts: [Alert] = []
        }
        let collectors = detectors.map { _ in Collector() }
        let engines = zip(detectors, collectors).map { d, c in d.make { c.alerts.append($0) } }
        let activity = DetectionEngine(
            detector: ActivityRecorder(), actorKey: options.actorKey, allowedLateness: options.allowedLateness,
            maxActors: options.maxActors
        ) { _ in }
        let fanOut = FanOutConsumer(engines + [activity])
        let scanner = BatchScanner(options: options, engine: fanOut)
        scanner.diagnostic = diagnostic
        let summary = scanner.run(paths: paths)
        let span = Self.span(engines.first)
        let outcomes = zip(detectors, collectors).map { d, c in
            Outcome(
                detector: d.name, alerts: c.alerts,
                result: matcher.evaluate(alerts: c.alerts, incidents: incidents, span: span))
        }
        return (summary, outcomes, activity)
    }

    /// Seconds of event time the engine saw.
    static func span(_ consumer: (any EventConsumer)?) -> Int64 {
        guard let range = (consumer as? any EventTimeRange)?.eventTimeRange else { return 86_400 }
        return max(range.upperBound - range.lowerBound, 1)
    }
}
