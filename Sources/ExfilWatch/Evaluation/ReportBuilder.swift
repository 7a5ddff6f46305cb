/// Assembles the ``HTMLReport`` from an evaluation run: one chart per incident and per false alert
/// of the first (evaluated) detector, drawn from the activity the run recorded.
public enum ReportBuilder {
    /// Charts show this much event time before an incident or alert (seconds).
    static let lead: Int64 = 86_400
    /// …and this much after it.
    static let trail: Int64 = 6 * 3600
    /// At most this many false-alert charts.
    static let maxFalseAlertCharts = 40

    public static func build(
        outcomes: [EvaluationRun.Outcome], incidents: [Incident], summary: ScanSummary,
        activity: DetectionEngine<ActivityRecorder>, matcher: IncidentMatcher = IncidentMatcher()
    ) -> HTMLReport {
        guard let primary = outcomes.first, let range = activity.eventTimeRange else {
            return HTMLReport(outcomes: outcomes, summary: summary, incidentCharts: [], falseAlertCharts: [], curve: [])
        }
        func chart(
            actor: String, from: Int64, to: Int64, title: String, subtitle: String, incident: ClosedRange<Int64>?
        )
            -> ReportChart
        {
            let window = max(from, range.lowerBound)...max(min(to, range.upperBound), max(from, range.lowerBound))
            let points = activity.actors.lookup(actor).map { activity.detector.series(actor: $0, range: window) } ?? []
            let alertTimes = primary.alerts.filter { $0.actor == actor && window.contains($0.detectedAt) }.map(
                \.detectedAt)
            return ReportChart(
                title: title, subtitle: subtitle, points: points, incident: incident, alertTimes: alertTimes)
        }
        let incidentCharts = incidents.map { incident -> ReportChart in
            let first = primary.alerts.filter { $0.revision == 0 && matcher.matches($0, incident) }
                .min { $0.detectedAt < $1.detectedAt }
            let outcome =
                first.map {
                    "detected by \(primary.detector) after \(EvaluationTable.duration(Double(max(0, $0.detectedAt - incident.start))))"
                }
                ?? "missed by \(primary.detector)"
            return chart(
                actor: incident.actor, from: incident.start - lead, to: incident.end + trail,
                title: "\(incident.actor) — \(incident.scenario)",
                subtitle: "\(CivilTime.rfc3339(incident.start)) – \(CivilTime.rfc3339(incident.end)); \(outcome)",
                incident: incident.start...incident.end)
        }
        let falseCharts = primary.result.falseAlerts.prefix(maxFalseAlertCharts).map { alert in
            chart(
                actor: alert.actor, from: alert.windowStart - lead, to: alert.windowEnd + trail,
                title:
                    "\(alert.actor) — false alert, score \(EvaluationTable.fixed(alert.score)) (\(alert.severity.rawValue))",
                subtitle: alert.reason, incident: nil)
        }
        let span = max(range.upperBound - range.lowerBound, 1)
        return HTMLReport(
            outcomes: outcomes, summary: summary, incidentCharts: incidentCharts, falseAlertCharts: Array(falseCharts),
            curve: HTMLReport.thresholdCurve(alerts: primary.alerts, incidents: incidents, span: span, matcher: matcher)
        )
    }
}
