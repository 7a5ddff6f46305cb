/// How urgent an alert is; ordered so that escalation can be tested with `>`. Detectors grade their
/// findings with it, and ``Alert`` carries it (as `AlertSeverity`).
public enum AlertSeverity: String, Sendable, Codable, Comparable, CaseIterable {
    case low, medium, high, critical

    var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (a: AlertSeverity, b: AlertSeverity) -> Bool { a.rank < b.rank }
}
