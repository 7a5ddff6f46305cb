/// The matching rule between alerts and labeled incidents.
///
/// An alert matches an incident when the actor is the same and the alert's window
/// `[window_start, window_end)` overlaps `[start − 5 min, end + 60 min]`. The slack before admits a
/// window that began just before the labeled start; the slack after admits the day-scale alert of a
/// slow exfiltration and the tail of a burst. Only first alerts of episodes (`revision` 0) are scored;
/// escalations of a matched or unmatched episode are not counted again.
public struct IncidentMatcher: Sendable {
    /// Seconds before an incident's start that still match (300).
    public var before: Int64 = 300
    /// Seconds after an incident's end that still match (3600).
    public var after: Int64 = 3600

    public init(before: Int64 = 300, after: Int64 = 3600) {
        self.before = before
        self.after = after
    }

    /// True when `alert` matches `incident` under the rule above.
    public func matches(_ alert: Alert, _ incident: Incident) -> Bool {
        alert.actor == incident.actor && alert.windowStart <= incident.end + after
            && alert.windowEnd > incident.start - before
    }

    /// Scores `alerts` against `incidents`.
    /// - Parameter span: seconds of event time the data covers (for false alerts per day).
    /// - Complexity: O(alerts × incidents of the same actor).
    public func evaluate(alerts: [Alert], incidents: [Incident], span: Int64) -> EvaluationResult {
        let firsts = alerts.filter { $0.revision == 0 }
        var byActor: [String: [Int]] = [:]
        for (i, incident) in incidents.enumerated() { byActor[incident.actor, default: []].append(i) }
        var firstDetection = [Int64?](repeating: nil, count: incidents.count)
        var matchedAlerts = 0
        var falseAlerts: [Alert] = []
        for alert in firsts {
            var matched = false
            for i in byActor[alert.actor] ?? [] where matches(alert, incidents[i]) {
                matched = true
                let delay = max(0, alert.detectedAt - incidents[i].start)
                firstDetection[i] = min(firstDetection[i] ?? .max, delay)
            }
            if matched { matchedAlerts += 1 } else { falseAlerts.append(alert) }
        }
        var perScenario: [String: (detected: Int, total: Int)] = [:]
        for (i, incident) in incidents.enumerated() {
            var entry = perScenario[incident.scenario] ?? (0, 0)
            entry.total += 1
            if firstDetection[i] != nil { entry.detected += 1 }
            perScenario[incident.scenario] = entry
        }
        let delays = firstDetection.compactMap { $0 }.sorted()
        return EvaluationResult(
            incidents: incidents.count, detected: delays.count, alerts: firsts.count, matchedAlerts: matchedAlerts,
            days: max(Double(span) / 86_400, 1.0 / 24), delays: delays,
            perScenario: perScenario.map {
                ScenarioResult(scenario: $0.key, detected: $0.value.detected, total: $0.value.total)
            }
            .sorted { $0.scenario < $1.scenario },
            missed: incidents.indices.filter { firstDetection[$0] == nil }.map { incidents[$0] },
            falseAlerts: falseAlerts)
    }
}
