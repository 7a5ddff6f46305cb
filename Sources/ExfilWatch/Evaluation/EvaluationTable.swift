import Foundation

/// Renders evaluation outcomes as a terminal table and as JSON.
public enum EvaluationTable {
    /// One row per detector, then recall per scenario, then missed incidents of the first detector.
    public static func text(_ outcomes: [EvaluationRun.Outcome]) -> String {
        var out = ""
        let header = ["detector", "recall", "precision", "F1", "alerts", "false/day", "median delay", "p90 delay"]
        var rows: [[String]] = [header]
        for o in outcomes {
            let r = o.result
            rows.append([
                // Without alerts precision is undefined (1 to the tuner, which prefers silence to noise).
                o.detector, fixed(r.recall), r.alerts == 0 ? "-" : fixed(r.precision), fixed(r.f1), "\(r.alerts)",
                fixed(r.falseAlertsPerDay, 1),
                duration(r.medianDelay), duration(r.p90Delay),
            ])
        }
        out += layout(rows)
        let scenarios = Set(outcomes.flatMap { $0.result.perScenario.map(\.scenario) }).sorted()
        if !scenarios.isEmpty {
            out += "\nrecall per scenario (detected/total)\n"
            var table: [[String]] = [["scenario"] + outcomes.map(\.detector)]
            for s in scenarios {
                table.append(
                    [s]
                        + outcomes.map { o in
                            guard let r = o.result.perScenario.first(where: { $0.scenario == s }) else { return "-" }
                            return "\(r.detected)/\(r.total)"
                        })
            }
            out += layout(table)
        }
        if let first = outcomes.first, !first.result.missed.isEmpty {
            out += "\nmissed by \(first.detector):\n"
            for m in first.result.missed {
                out +=
                    "  \(TerminalEscaper.escape(m.actor))  \(m.scenario)  \(CivilTime.rfc3339(m.start)) – \(CivilTime.rfc3339(m.end))\n"
            }
        }
        return out
    }

    /// `--json`: per detector, the headline figures, per-scenario recall, missed incidents and false alerts.
    public static func json(_ outcomes: [EvaluationRun.Outcome], summary: ScanSummary) -> Data {
        struct Row: Encodable {
            var detector: String
            var incidents: Int
            var detected: Int
            var recall: Double
            var precision: Double
            var f1: Double
            var alerts: Int
            var falseAlertsPerDay: Double
            var medianDelaySeconds: Double?
            var p90DelaySeconds: Double?
            var perScenario: [ScenarioResult]
            var missed: [Incident]
            var falseAlerts: [Alert]

            enum CodingKeys: String, CodingKey {
                case detector, incidents, detected, recall, precision, f1, alerts, missed
                case falseAlertsPerDay = "false_alerts_per_day"
                case medianDelaySeconds = "median_delay_seconds"
                case p90DelaySeconds = "p90_delay_seconds"
                case perScenario = "per_scenario"
                case falseAlerts = "false_alerts"
            }
        }
        struct Document: Encodable {
            var summary: ScanSummary
            var detectors: [Row]
        }
        let rows = outcomes.map { o in
            let r = o.result
            return Row(
                detector: o.detector, incidents: r.incidents, detected: r.detected, recall: r.recall,
                precision: r.precision, f1: r.f1, alerts: r.alerts, falseAlertsPerDay: r.falseAlertsPerDay,
                medianDelaySeconds: r.medianDelay, p90DelaySeconds: r.p90Delay, perScenario: r.perScenario,
                missed: r.missed, falseAlerts: r.falseAlerts)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Document(summary: summary, detectors: rows))) ?? Data("{}".utf8)
    }

    public static func fixed(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }

    public static func duration(_ seconds: Double?) -> String {
        guard let s = seconds else { return "-" }
        if s < 120 { return "\(Int(s))s" }
        if s < 7200 { return String(format: "%.1fm", s / 60) }
        return String(format: "%.1fh", s / 3600)
    }

    public static func layout(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0.count > c ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, v in
                c == 0
                    ? v.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - v.count) + v
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
