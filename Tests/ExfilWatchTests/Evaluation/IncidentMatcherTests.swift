import ExfilWatch
import Testing

@Suite("Evaluation: matching rule and metrics")
struct IncidentMatcherTests {
    let t0: Int64 = 1_762_128_000

    func alert(_ actor: String, _ start: Int64, _ end: Int64, detected: Int64? = nil, revision: Int = 0) -> Alert {
        Alert(
            id: "ew-\(actor)-\(start)-\(revision)", episode: "ew-\(actor)-\(start)", revision: revision, actor: actor,
            windowStart: start, windowEnd: end, detectedAt: detected ?? start, score: 5, severity: .high,
            detector: "test", reason: "", signals: [], exampleResources: [], exampleSourceIPs: [])
    }

    @Test("window edges: 5 minutes before the start and 60 minutes after the end")
    func edges() {
        let m = IncidentMatcher()
        let incident = Incident(actor: "a", start: t0, end: t0 + 600, scenario: "burst_clone")
        // Ends exactly at start − 300: half-open window does not overlap.
        #expect(!m.matches(alert("a", t0 - 900, t0 - 300), incident))
        #expect(m.matches(alert("a", t0 - 900, t0 - 299), incident))
        // Starts exactly at end + 3600: still overlaps the closed interval.
        #expect(m.matches(alert("a", t0 + 4200, t0 + 4800), incident))
        #expect(!m.matches(alert("a", t0 + 4201, t0 + 4800), incident))
        #expect(!m.matches(alert("b", t0, t0 + 600), incident))
    }

    @Test("a hand-computed example: recall, precision, false alerts per day, delays, escalations ignored")
    func handComputed() {
        let incidents = [
            Incident(actor: "a", start: t0, end: t0 + 600, scenario: "burst_clone"),
            Incident(actor: "b", start: t0 + 3600, end: t0 + 7200, scenario: "slow_exfil"),
            Incident(actor: "c", start: t0, end: t0 + 60, scenario: "burst_clone"),
        ]
        let alerts = [
            alert("a", t0, t0 + 600, detected: t0 + 120),
            alert("a", t0, t0 + 600, detected: t0 + 300, revision: 1),  // escalation: not counted
            alert("b", t0 + 3600, t0 + 7200, detected: t0 + 3600 + 1800),
            alert("x", t0, t0 + 600),  // false
            alert("y", t0, t0 + 600),  // false
        ]
        let r = IncidentMatcher().evaluate(alerts: alerts, incidents: incidents, span: 2 * 86_400)
        #expect(r.incidents == 3)
        #expect(r.detected == 2)
        #expect(r.alerts == 4)
        #expect(r.matchedAlerts == 2)
        #expect(abs(r.recall - 2.0 / 3) < 1e-9)
        #expect(r.precision == 0.5)
        #expect(r.falseAlertsPerDay == 1)
        #expect(r.delays == [120, 1800])
        #expect(r.medianDelay == 960)  // the mean of the middle two
        #expect(r.p90Delay == 1800)
        #expect(
            r.perScenario == [
                ScenarioResult(scenario: "burst_clone", detected: 1, total: 2),
                ScenarioResult(scenario: "slow_exfil", detected: 1, total: 1),
            ])
        #expect(r.missed.map(\.actor) == ["c"])
    }

    @Test("labels.csv: quoted fields, comments, and errors naming the line")
    func labels() throws {
        let ok = try LabelsFile.parse(
            "actor,start,end,scenario\n# note\n\"ip:203.0.113.9\",2025-11-03T00:00:00Z,2025-11-03T00:10:00Z,burst_clone\n",
            path: "l.csv")
        #expect(ok == [Incident(actor: "ip:203.0.113.9", start: t0, end: t0 + 600, scenario: "burst_clone")])
        #expect(throws: LabelError.self) { try LabelsFile.parse("actor,start\n", path: "l.csv") }
        do {
            _ = try LabelsFile.parse("actor,start,end\na,2025-11-03T00:00:00Z,yesterday\n", path: "l.csv")
            Issue.record("accepted a bad time")
        } catch let error as LabelError {
            #expect(error.description == "l.csv:2: end is not an RFC 3339 time with a zone (e.g. 2025-11-05T11:26:04Z)")
        }
    }

    @Test("labels.csv written by Excel or Python (CRLF, BOM) reads the same as with LF")
    func labelsWithCRLF() throws {
        let lf = "actor,start,end,scenario\na,2025-11-03T00:00:00Z,2025-11-03T00:10:00+00:00,burst\n"
        let crlf = "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = [Incident(actor: "a", start: t0, end: t0 + 600, scenario: "burst")]
        #expect(try LabelsFile.parse(lf, path: "l.csv") == expected)
        #expect(try LabelsFile.parse(crlf, path: "l.csv") == expected)
    }

    @Test(
        "labels.csv that would mislead an evaluation is refused, naming the line",
        arguments: [
            ("", "l.csv: empty: no header line"),
            ("actor,start,end\n", "l.csv: no incidents: at least one labeled incident is needed"),
            ("actor,start,end\na,2025-11-03T00:00:00Z\n", "l.csv:2: 2 fields, the header has 3"),
            (
                "actor,start,end\na,2025-11-03T00:00:00Z,2025-11-03T00:10:00Z,x\n",
                "l.csv:2: 4 fields, the header has 3"
            ),
            (
                "actor,start,end,scenaro\n",
                "l.csv:1: unknown column 'scenaro' (the columns are actor, start, end, scenario)"
            ),
            ("actor,start,end,end\n", "l.csv:1: column 'end' twice"),
            (
                "actor,start,end\n\"a,2025-11-03T00:00:00Z,2025-11-03T00:10:00Z\n",
                "l.csv:2: a quoted field is not closed"
            ),
            (
                "actor,start,end\na,2025-11-03T00:00:00,2025-11-03T00:10:00Z\n",
                "l.csv:2: start is not an RFC 3339 time with a zone (e.g. 2025-11-05T11:26:04Z)"
            ),
            (
                "actor,start,end\na,2025-11-03T00:00:00Z,2025-11-03\n",
                "l.csv:2: end is not an RFC 3339 time with a zone (e.g. 2025-11-05T11:26:04Z)"
            ),
        ])
    func labelsRefused(text: String, message: String) {
        #expect {
            _ = try LabelsFile.parse(text, path: "l.csv")
        } throws: { error in
            (error as? LabelError)?.description == message
        }
    }
}
