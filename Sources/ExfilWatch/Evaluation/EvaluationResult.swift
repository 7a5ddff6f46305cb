/// Recall for one scenario.
public struct ScenarioResult: Sendable, Codable, Equatable {
    public var scenario: String
    public var detected: Int
    public var total: Int
    public var recall: Double { total == 0 ? 0 : Double(detected) / Double(total) }

    public init(scenario: String, detected: Int, total: Int) {
        self.scenario = scenario
        self.detected = detected
        self.total = total
    }
}

/// The figures `evaluate` reports for one detector.
public struct EvaluationResult: Sendable {
    public var incidents: Int
    public var detected: Int
    /// First alerts of episodes.
    public var alerts: Int
    /// Alerts that matched at least one incident.
    public var matchedAlerts: Int
    /// Days of event time the data covers.
    public var days: Double
    /// Seconds from each detected incident's start to its first matching alert, ascending.
    public var delays: [Int64]
    public var perScenario: [ScenarioResult]
    public var missed: [Incident]
    public var falseAlerts: [Alert]

    /// Detected incidents ÷ incidents (1 when there are none).
    public var recall: Double { incidents == 0 ? 1 : Double(detected) / Double(incidents) }
    /// Matched alerts ÷ alerts (1 when there are none).
    public var precision: Double { alerts == 0 ? 1 : Double(matchedAlerts) / Double(alerts) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    public var falseAlertsPerDay: Double { Double(alerts - matchedAlerts) / days }
    /// Median delay in seconds, the mean of the middle two for an even count (nil when nothing was
    /// detected).
    public var medianDelay: Double? {
        guard !delays.isEmpty else { return nil }
        let n = delays.count
        return n % 2 == 1 ? Double(delays[n / 2]) : Double(delays[n / 2 - 1] + delays[n / 2]) / 2
    }
    /// 90th-percentile delay in seconds (nearest rank: a delay that was measured).
    public var p90Delay: Double? { quantile(0.9) }

    /// Nearest-rank quantile of ``delays``.
    func quantile(_ q: Double) -> Double? {
        guard !delays.isEmpty else { return nil }
        let rank = Int((q * Double(delays.count)).rounded(.up))
        return Double(delays[min(max(rank, 1), delays.count) - 1])
    }
}
