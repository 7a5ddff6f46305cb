/// The `evaluate --report` page: one self-contained, offline HTML file with inline SVG charts —
/// the figures table, recall per scenario, the precision–recall curve of the score threshold with
/// the static presets as points, and per incident and per false alert the actor's activity against
/// its usual band.
public struct HTMLReport {
    public var outcomes: [EvaluationRun.Outcome]
    public var summary: ScanSummary
    public var incidentCharts: [ReportChart]
    public var falseAlertCharts: [ReportChart]
    /// (threshold, precision, recall) of the first detector at each alert score.
    public var curve: [(threshold: Double, precision: Double, recall: Double)]

    public init(
        outcomes: [EvaluationRun.Outcome], summary: ScanSummary, incidentCharts: [ReportChart],
        falseAlertCharts: [ReportChart], curve: [(threshold: Double, precision: Double, recall: Double)]
    ) {
        self.outcomes = outcomes
        self.summary = summary
        self.incidentCharts = incidentCharts
        self.falseAlertCharts = falseAlertCharts
        self.curve = curve
    }

    /// Precision and recall of `alerts` kept at each distinct score threshold, highest first.
    public static func thresholdCurve(alerts: [Alert], incidents: [Incident], span: Int64, matcher: IncidentMatcher)
        -> [(threshold: Double, precision: Double, recall: Double)]
    {
        let scores = Set(alerts.filter { $0.revision == 0 }.map(\.score)).sorted(by: >)
        return scores.map { t in
            let r = matcher.evaluate(alerts: alerts.filter { $0.score >= t }, incidents: incidents, span: span)
            return (t, r.precision, r.recall)
        }
    }

    public func html() -> String {
        var h = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>exfilwatch evaluation</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#1d1d1f;padding:0 16px}
            h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
            table{border-collapse:collapse;margin:8px 0}td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:right}
            td:first-child,th:first-child{text-align:left}th{background:#f6f6f8}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(570px,1fr));gap:14px}
            .card{border:1px solid #e2e2e6;border-radius:6px;padding:8px 10px}.card h3{font-size:14px;margin:0}
            .muted{color:#666;font-size:12px}.ok{color:#1a7f37}.miss{color:#c62828}
            .legend span{display:inline-block;margin-right:14px;font-size:12px}
            </style></head><body>
            <h1>exfilwatch evaluation</h1>

            """
        let days = outcomes.first.map { String(format1($0.result.days)) } ?? "0"
        let files = summary.files == 1 ? "1 file" : "\(summary.files) files"
        h += "<p class=\"muted\">\(files), \(summary.lines) lines, \(summary.events) events, "
        h += "\(days) days of event time, \(outcomes.first?.result.incidents ?? 0) labeled incidents. "
        h += "An alert matches an incident when the actor is the same and its window overlaps "
        h += "[start − 5 min, end + 60 min].</p>\n"
        h += figuresTable() + scenarioTable()
        h += "<h2>Precision–recall of the score threshold</h2>\n" + curveSVG()
        h += "<p class=\"legend\"><span>━ \(escape(outcomes.first?.detector ?? "")) at each score threshold</span>"
        h += "<span style=\"color:#d33\">● static-rule presets</span></p>\n"
        let legend =
            "<p class=\"legend\"><span>━ transfers per 10 minutes</span><span style=\"color:#5b8def\">"
            + "┅ usual level, shaded: usual band</span><span style=\"color:#c62828\">▮ labeled incident</span>"
            + "<span style=\"color:#d33\">│ alert</span></p>\n"
        h += "<h2>Incidents (\(incidentCharts.count))</h2>\n" + legend + grid(incidentCharts)
        h += "<h2>False alerts (\(falseAlertCharts.count))</h2>\n"
        h += falseAlertCharts.isEmpty ? "<p>None.</p>\n" : legend + grid(falseAlertCharts)
        return h + "</body></html>\n"
    }

    private func figuresTable() -> String {
        var t = "<h2>Figures</h2>\n<table><tr><th>detector</th><th>recall</th><th>precision</th><th>F1</th>"
        t += "<th>alerts</th><th>false alerts/day</th><th>median delay</th><th>p90 delay</th></tr>\n"
        for o in outcomes {
            let r = o.result
            t += "<tr><td>\(escape(o.detector))</td><td>\(format2(r.recall))</td><td>\(format2(r.precision))</td>"
            t += "<td>\(format2(r.f1))</td><td>\(r.alerts)</td><td>\(format1(r.falseAlertsPerDay))</td>"
            t +=
                "<td>\(EvaluationTable.duration(r.medianDelay))</td><td>\(EvaluationTable.duration(r.p90Delay))</td></tr>\n"
        }
        return t + "</table>\n"
    }

    private func scenarioTable() -> String {
        let scenarios = Set(outcomes.flatMap { $0.result.perScenario.map(\.scenario) }).sorted()
        guard !scenarios.isEmpty else { return "" }
        var t = "<h2>Recall per scenario</h2>\n<table><tr><th>scenario</th>"
        t += outcomes.map { "<th>\(escape($0.detector))</th>" }.joined() + "</tr>\n"
        for s in scenarios {
            t += "<tr><td>\(escape(s))</td>"
            for o in outcomes {
                let r = o.result.perScenario.first { $0.scenario == s }
                t += "<td>\(r.map { "\($0.detected)/\($0.total)" } ?? "–")</td>"
            }
            t += "</tr>\n"
        }
        return t + "</table>\n"
    }

    private func curveSVG() -> String {
        let w = 420.0
        let hgt = 320.0
        let pad = 42.0
        func x(_ recall: Double) -> Double { pad + (w - pad - 12) * recall }
        func y(_ precision: Double) -> Double { hgt - pad - (hgt - pad - 12) * precision }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(hgt))\">"
        s +=
            "<rect x=\"\(svgNumber(pad))\" y=\"12\" width=\"\(svgNumber(w - pad - 12))\" height=\"\(svgNumber(hgt - pad - 12))\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            s +=
                "<text x=\"\(svgNumber(x(tick)))\" y=\"\(svgNumber(hgt - pad + 14))\" font-size=\"10\" text-anchor=\"middle\">\(tick)</text>"
            s +=
                "<text x=\"\(svgNumber(pad - 6))\" y=\"\(svgNumber(y(tick) + 3))\" font-size=\"10\" text-anchor=\"end\">\(tick)</text>"
        }
        s +=
            "<text x=\"\(svgNumber(w / 2))\" y=\"\(svgNumber(hgt - 8))\" font-size=\"12\" text-anchor=\"middle\">recall</text>"
        s +=
            "<text x=\"12\" y=\"\(svgNumber(hgt / 2))\" font-size=\"12\" transform=\"rotate(-90 12 \(svgNumber(hgt / 2)))\" text-anchor=\"middle\">precision</text>"
        if !curve.isEmpty {
            let pts = curve.map { "\(svgNumber(x($0.recall))),\(svgNumber(y($0.precision)))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"#222\" stroke-width=\"1.6\" points=\"\(pts)\"/>"
            for p in curve {
                s +=
                    "<circle cx=\"\(svgNumber(x(p.recall)))\" cy=\"\(svgNumber(y(p.precision)))\" r=\"2\" fill=\"#222\"><title>score ≥ \(format2(p.threshold))</title></circle>"
            }
        }
        // Presets at the same point share one marker and one label.
        var groups: [(recall: Double, precision: Double, names: [String])] = []
        for o in outcomes.dropFirst() {
            let r = o.result
            if let i = groups.firstIndex(where: {
                abs($0.recall - r.recall) < 0.02 && abs($0.precision - r.precision) < 0.02
            }) {
                groups[i].names.append(o.detector)
            } else {
                groups.append((r.recall, r.precision, [o.detector]))
            }
        }
        // Labels of nearby groups are moved on, one line at a time, until no earlier label's box
        // (about 5.5 px a character at this size, one 11 px line) overlaps theirs.
        var placed: [(from: Double, to: Double, y: Double)] = []
        for g in groups {
            let cx = x(g.recall)
            let cy = y(g.precision)
            let anchor = cx > w * 0.6 ? "end" : "start"
            let tx = anchor == "end" ? cx - 7 : cx + 7
            let tip =
                g.names.joined(separator: ", ") + ": recall \(format2(g.recall)), precision \(format2(g.precision))"
            s +=
                "<circle cx=\"\(svgNumber(cx))\" cy=\"\(svgNumber(cy))\" r=\"5\" fill=\"#d33\"><title>\(escape(tip))</title></circle>"
            let step: Double = cy < 40 ? 11 : -11
            var ty = cy + (cy < 40 ? 14 : -5)
            for name in g.names {
                let width = 5.5 * Double(name.count)
                let from = anchor == "end" ? tx - width : tx
                let natural = ty
                while placed.contains(where: { $0.from < from + width && from < $0.to && abs($0.y - ty) < 11 }) {
                    ty += step
                }
                placed.append((from, from + width, ty))
                if abs(ty - natural) > 1 {
                    // Moved off its dot to clear another label: a leader line keeps it tied to its point.
                    s +=
                        "<line x1=\"\(svgNumber(cx))\" y1=\"\(svgNumber(cy))\" x2=\"\(svgNumber(tx))\" y2=\"\(svgNumber(ty - 3))\" stroke=\"#d88\" stroke-width=\"0.8\"/>"
                }
                s +=
                    "<text x=\"\(svgNumber(tx))\" y=\"\(svgNumber(ty))\" font-size=\"10\" fill=\"#a11\" text-anchor=\"\(anchor)\">\(escape(name))</text>"
                ty += step
            }
        }
        return s + "</svg>\n"
    }

    private func grid(_ charts: [ReportChart]) -> String {
        var g = "<div class=\"grid\">\n"
        for c in charts {
            g += "<div class=\"card\"><h3>\(escape(c.title))</h3><div class=\"muted\">\(escape(c.subtitle))</div>"
            let chart = c.svg()
            g += (chart.isEmpty ? "<p class=\"muted\">No transfers by this actor in the data.</p>" : chart) + "</div>\n"
        }
        return g + "</div>\n"
    }

    /// HTML-escapes text from the logs (actors, repositories), which is hostile input.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in TerminalEscaper.escape(s) {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    private func escape(_ s: String) -> String { Self.escape(s) }
    private func format1(_ v: Double) -> String { EvaluationTable.fixed(v, 1) }
    private func format2(_ v: Double) -> String { EvaluationTable.fixed(v, 2) }
}
