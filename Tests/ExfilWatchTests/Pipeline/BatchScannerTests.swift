import ExfilWatch
import Foundation
import Testing

@Suite("Pipeline: batch scan")
struct BatchScannerTests {
    typealias D = PipelineTestData

    func scan<Det: Detector>(_ paths: [String], _ detector: Det, options: ScanOptions = ScanOptions())
        -> (ScanSummary, [Alert], DetectionEngine<Det>)
    {
        var alerts: [Alert] = []
        let engine = DetectionEngine(
            detector: detector, actorKey: options.actorKey, allowedLateness: options.allowedLateness
        ) {
            alerts.append($0)
        }
        let summary = BatchScanner(options: options, engine: engine).run(paths: paths)
        return (summary, alerts, engine)
    }

    @Test("a log that starts with more junk lines than the format sample is still recognised")
    func junkBeforeTheLog() throws {
        let dir = try TestSupport.temporaryDirectory()
        let junk = (0..<200).map { "garbage \($0) \u{1}\u{2}" }
        let clones = (0..<50).map { D.clone("alice", "acme/a\($0 % 5)", at: D.monday + Int64($0) * 60) }
        try TestSupport.write((junk + clones).joined(separator: "\n") + "\n", to: dir + "/late-start.log")
        let (summary, _, engine) = scan([dir + "/late-start.log"], RecordingDetector())
        #expect(summary.perFile.first?.format == "combined")
        #expect(engine.detector.observations.count == 50)
        #expect(summary.malformed == 200)
        #expect(summary.allInputsRead)
    }

    @Test("a forced --format that no line is in is an error naming the file, not a silent empty scan")
    func forcedFormatMatchesNothing() throws {
        let dir = try TestSupport.temporaryDirectory()
        let audit = #"{"action":"git.clone","@timestamp":1762128000000,"actor":"alice","repo":"org/r0"}"#
        try TestSupport.write(audit + "\n" + audit + "\n", to: dir + "/audit.jsonl")
        var options = ScanOptions()
        options.format = .combined
        let (summary, _, _) = scan([dir + "/audit.jsonl"], RecordingDetector(), options: options)
        #expect(summary.errors == [dir + "/audit.jsonl: no line is in the combined format (--format)"])
        #expect(!summary.allInputsRead)
        options.format = .githubAudit
        #expect(scan([dir + "/audit.jsonl"], RecordingDetector(), options: options).0.allInputsRead)
    }

    @Test("absurd byte counts (a hostile $body_bytes_sent) neither crash the detector nor wrap its sums")
    func absurdBytes() throws {
        let dir = try TestSupport.temporaryDirectory()
        var lines: [String] = []
        for i in 0..<5000 {
            let bytes = i % 2 == 0 ? "999999999999999999" : "1871585"
            let line = D.clone("code-indexer", "acme/r\(i % 3)", at: D.monday + Int64(i) * 6)
            lines.append(line.replacing(" 200 4096 ", with: " 200 \(bytes) "))
        }
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/hostile.log")
        var options = ScanOptions()
        options.allowedLateness = 0
        var model = BaselineModel.shipped
        model.learnFor = 3600
        let (summary, _, _) = scan([dir + "/hostile.log"], BaselineDetector(model: model), options: options)
        #expect(summary.events == 5000)
    }

    @Test("two servers' files covering the same hours are merged in event-time order")
    func mergeOrder() throws {
        let dir = try TestSupport.temporaryDirectory()
        let a = (0..<300).map { D.clone("alice", "acme/a\($0 % 5)", at: D.monday + Int64($0) * 60) }
        let b = (0..<300).map { D.clone("bob", "acme/b\($0 % 5)", at: D.monday + Int64($0) * 60 + 30) }
        try TestSupport.write(a.joined(separator: "\n") + "\n", to: dir + "/server-a.log")
        try TestSupport.gzip(Data((b.joined(separator: "\n") + "\n").utf8)).write(
            to: URL(fileURLWithPath: dir + "/server-b.log.gz"))
        let (summary, _, engine) = scan([dir], RecordingDetector())
        let times = engine.detector.observations.map(\.time)
        #expect(times.count == 600)
        #expect(times == times.sorted())
        #expect(summary.files == 2)
        #expect(summary.events == 600)
        #expect(summary.lateEvents == 0)
        #expect(summary.allInputsRead)
    }

    @Test("equal times go to the file opened first; page views, even out of order, change nothing the detector sees")
    func tiesAndUnclassified() throws {
        let dir = try TestSupport.temporaryDirectory()
        // Both servers log a clone every second. In `views/`, b.log also has a page view after each clone,
        // dated up to two seconds earlier (nginx logs a request when it ends).
        var a: [String] = []
        var b: [String] = []
        var bViews: [String] = []
        for i in 0..<200 {
            let t = D.monday + Int64(i)
            a.append(D.clone("alice", "acme/a\(i % 7)", at: t))
            b.append(D.clone("bob", "acme/b\(i % 7)", at: t))
            bViews.append(b[i])
            bViews.append(D.clone("bob", "acme/page", at: t - Int64(i % 3)).replacing("POST", with: "GET"))
        }
        for (sub, second) in [("plain", b), ("views", bViews)] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
            try TestSupport.write(a.joined(separator: "\n") + "\n", to: dir + "/\(sub)/a.log")
            try TestSupport.write(second.joined(separator: "\n") + "\n", to: dir + "/\(sub)/b.log")
        }
        let (plain, _, plainEngine) = scan([dir + "/plain/a.log", dir + "/plain/b.log"], RecordingDetector())
        let (views, _, viewsEngine) = scan([dir + "/views/a.log", dir + "/views/b.log"], RecordingDetector())
        let seen = viewsEngine.detector.observations.map { "\($0.time) \($0.actor) \($0.resource)" }
        #expect(seen == plainEngine.detector.observations.map { "\($0.time) \($0.actor) \($0.resource)" })
        #expect(plain.events == 400 && views.events == 600)
        // a.log was opened first: at every second alice's clone comes before bob's.
        let actors = viewsEngine.detector.observations.map(\.actor)
        #expect(actors.count == 400)
        #expect((0..<200).allSatisfy { actors[2 * $0] == actors[0] && actors[2 * $0 + 1] != actors[0] })
    }

    @Test("a line dated in the year 9999 is reported malformed and the rest of the file still alerts")
    func farFutureLine() throws {
        let dir = try TestSupport.temporaryDirectory()
        var lines = ActorCapTests.lines()
        let hostile =
            #"203.0.113.9 - alice [10/Oct/9999:20:55:40 +0000] "POST /org1/x.git/git-upload-pack HTTP/1.1" 200 1 "-" "git/2""#
        let at = lines.count / 2
        lines.insert(hostile, at: at)
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/access.log")
        var diagnostics: [String] = []
        var alerts: [Alert] = []
        let engine = DetectionEngine(detector: BaselineDetector(model: ActorCapTests.model)) { alerts.append($0) }
        let scanner = BatchScanner(options: ScanOptions(), engine: engine)
        scanner.diagnostic = { diagnostics.append($0) }
        let summary = scanner.run(paths: [dir + "/access.log"])
        #expect(summary.malformed == 1)
        #expect(summary.events == Int64(lines.count - 1))
        #expect(diagnostics.count == 1 && diagnostics[0].contains("access.log:\(at + 1): malformed"))
        #expect(alerts.contains { $0.actor == "alice" })
    }

    @Test("malformed lines before a file's first event are reported once, though the file is opened twice")
    func leadingMalformedOnce() throws {
        let dir = try TestSupport.temporaryDirectory()
        let good = (0..<20).map { D.clone("alice", "acme/r\($0)", at: D.monday + Int64($0) * 60) }
        try TestSupport.write((["junk one", "junk two"] + good).joined(separator: "\n") + "\n", to: dir + "/a.log")
        try TestSupport.write(["junk three", "junk four"].joined(separator: "\n") + "\n", to: dir + "/b.log")
        var diagnostics: [String] = []
        let engine = DetectionEngine(detector: RecordingDetector()) { _ in }
        var options = ScanOptions()
        options.format = .combined
        let scanner = BatchScanner(options: options, engine: engine)
        scanner.diagnostic = { diagnostics.append($0) }
        let summary = scanner.run(paths: [dir + "/a.log", dir + "/b.log"])
        #expect(summary.malformed == 4)
        #expect(diagnostics.filter { $0.contains("a.log:1: malformed") }.count == 1)
        #expect(diagnostics.filter { $0.contains("a.log:2: malformed") }.count == 1)
        #expect(
            diagnostics.filter { $0.contains("b.log:1: malformed") || $0.contains("b.log:2: malformed") }.count == 2)
        // b.log has no line in the forced format: that is an error of its own.
        #expect(diagnostics.contains("error: \(dir)/b.log: no line is in the combined format (--format)"))
        #expect(diagnostics.count == 5)
    }

    @Test("keyed by address, audit records without one are counted for their user, not one 'anonymous'")
    func ipKeyWithoutAddress() throws {
        let dir = try TestSupport.temporaryDirectory()
        let records =
            ["alice", "bob", "alice"].enumerated().map { i, user in
                #"{"action":"git.clone","actor":"\#(user)","repo":"acme/r\#(i)","@timestamp":\#(1_762_000_000_000 + i * 1000)}"#
            } + [
                #"{"action":"git.clone","actor":"carol","actor_ip":"192.0.2.7","repo":"acme/x","@timestamp":1762000009000}"#
            ]
        try TestSupport.write(records.joined(separator: "\n") + "\n", to: dir + "/audit.jsonl")
        var options = ScanOptions()
        options.actorKey = .ip
        let (summary, _, engine) = scan([dir + "/audit.jsonl"], RecordingDetector(), options: options)
        #expect(summary.events == 4)
        #expect(
            Set((0..<engine.actors.count).map { engine.actors.string(UInt32($0)) }) == ["alice", "bob", "ip:192.0.2.7"])
    }

    @Test("a non-log found in a directory (a dataset's manifest.json) is skipped; named, it is an error")
    func nonLogInDirectory() throws {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write(D.clone("alice", "acme/a", at: D.monday) + "\n", to: dir + "/access.log")
        try TestSupport.write("{\n  \"seed\": 7,\n  \"days\": 7\n}\n", to: dir + "/manifest.json")
        var diagnostics: [String] = []
        let engine = DetectionEngine(detector: RecordingDetector()) { _ in }
        let scanner = BatchScanner(options: ScanOptions(), engine: engine)
        scanner.diagnostic = { diagnostics.append($0) }
        let summary = scanner.run(paths: [dir])
        #expect(summary.allInputsRead)
        #expect(summary.skippedFiles == [dir + "/manifest.json"])
        #expect(summary.events == 1)
        #expect(diagnostics == ["note: \(dir)/manifest.json: skipped, not in a log format exfilwatch reads"])

        let (named, _, _) = scan([dir + "/manifest.json"], RecordingDetector())
        #expect(!named.allInputsRead)
        #expect(named.skippedFiles.isEmpty)
    }

    @Test("progress grows to the totals: stored bytes of the files, and decoded text for the rate")
    func progress() throws {
        let dir = try TestSupport.temporaryDirectory()
        let lines = (0..<150_000).map { D.clone("u\($0 % 40)", "acme/r\($0 % 90)", at: D.monday + Int64($0) * 5) }
        let text = lines.joined(separator: "\n") + "\n"
        try TestSupport.gzip(Data(text.utf8)).write(to: URL(fileURLWithPath: dir + "/a.log.gz"))
        let stored = Int64(try FileManager.default.attributesOfItem(atPath: dir + "/a.log.gz")[.size] as! Int)
        let engine = DetectionEngine(detector: StaticRuleDetector(rule: .elasticUserClones)) { _ in }
        let scanner = BatchScanner(options: ScanOptions(), engine: engine)
        var reports: [BatchScanner<DetectionEngine<StaticRuleDetector>>.Progress] = []
        scanner.progress = { reports.append($0) }
        let summary = scanner.run(paths: [dir + "/a.log.gz"])
        #expect(reports.count >= 3)
        #expect(
            zip(reports, reports.dropFirst()).allSatisfy {
                $0.storedBytesRead <= $1.storedBytesRead && $0.decodedBytes <= $1.decodedBytes
            })
        // While reading, the decoded count runs ahead of the compressed one: gzip text shrinks ~10×.
        #expect(reports.dropLast().contains { $0.decodedBytes > 2 * $0.storedBytesRead && $0.storedBytesRead > 0 })
        #expect(reports.last!.storedBytesRead == stored && reports.last!.storedBytesTotal == stored)
        #expect(reports.last!.decodedBytes == Int64(text.utf8.count) && summary.decodedBytes == Int64(text.utf8.count))
    }

    @Test("a truncated archive is reported by name while the other files still produce alerts")
    func truncatedAmongOthers() throws {
        let dir = try TestSupport.temporaryDirectory()
        let quiet = (0..<4000).map { D.clone("carol", "acme/c\($0 % 3)", at: D.monday + Int64($0) * 60) }
        let full = try TestSupport.gzip(Data((quiet.joined(separator: "\n") + "\n").utf8))
        try full.prefix(full.count * 2 / 3).write(to: URL(fileURLWithPath: dir + "/a-truncated.log.gz"))
        let burst = D.burst("mallory", from: D.monday + 3600, count: 60).map(\.1)
        try TestSupport.gzip(Data((burst.joined(separator: "\n") + "\n").utf8)).write(
            to: URL(fileURLWithPath: dir + "/b.log.gz"))
        let (summary, alerts, _) = scan([dir], StaticRuleDetector(rule: .elasticUserClones))
        #expect(alerts.map(\.actor) == ["mallory"])
        #expect(summary.errors.count == 1)
        #expect(summary.errors[0].contains("a-truncated.log.gz"))
        #expect(summary.errors[0].contains("truncated"))
        #expect(!summary.allInputsRead)
        // What was read before the truncation still counts.
        #expect(summary.perFile.first { $0.path.hasSuffix("a-truncated.log.gz") }!.events > 1000)
    }

    @Test("malformed lines are counted and never stop the run; a missing file is an error")
    func malformedAndMissing() throws {
        let (summary, _, engine) = scan(
            [
                TestSupport.fixture("combined-sample.log"), TestSupport.fixture("github-audit-sample.jsonl"),
                "/no/such.log",
            ],
            RecordingDetector())
        #expect(summary.files == 3)
        #expect(summary.lines == 13)
        #expect(summary.malformed == 2)
        #expect(summary.errors.count == 1 && summary.errors[0].hasPrefix("/no/such.log"))
        // Transfers only: clone, archive, export (combined); clone, fetch, archive, clone (audit).
        #expect(engine.detector.observations.count == 7)
    }

    @Test("actor keys: user, anonymous by address, user+ip, token; no address falls back to the user")
    func actorKeys() throws {
        let path = TestSupport.fixture("github-audit-sample.jsonl")
        for (key, expected) in [
            (ActorKey.user, ["alice", "bob", "carol", "ip:192.0.2.1"]),
            (.ip, ["ip:203.0.113.9", "bob", "ip:198.51.100.7", "ip:192.0.2.1"]),
            (.userIP, ["alice@203.0.113.9", "bob", "carol@198.51.100.7", "ip:192.0.2.1"]),
            (.token, ["token:k3Xc1=", "bob", "carol", "token:zz9="]),
        ] {
            var options = ScanOptions()
            options.actorKey = key
            let (_, _, engine) = scan([path], RecordingDetector(), options: options)
            let names = engine.detector.observations.map { engine.actors.string($0.actor) }
            #expect(names == expected, "\(key)")
        }
    }

    @Test("records later than the allowed lateness are dropped and counted")
    func lateness() throws {
        let dir = try TestSupport.temporaryDirectory()
        let lines = [
            D.clone("a", "x/1", at: D.monday + 1000), D.clone("a", "x/2", at: D.monday + 700),
            D.clone("a", "x/3", at: D.monday + 300),
        ]
        try TestSupport.write(lines.joined(separator: "\n"), to: dir + "/f.log")
        var options = ScanOptions()
        options.allowedLateness = 600
        let (summary, _, engine) = scan([dir + "/f.log"], RecordingDetector(), options: options)
        #expect(engine.detector.observations.map(\.time) == [D.monday + 1000, D.monday + 700])
        #expect(summary.lateEvents == 1)
    }

    @Test("alert schema: keys, RFC 3339 times, stable ids")
    func alertSchema() throws {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write(
            D.burst("mallory", from: D.monday, count: 40).map(\.1).joined(separator: "\n"), to: dir + "/f.log")
        let (_, first, _) = scan([dir + "/f.log"], StaticRuleDetector(rule: .elasticUserClones))
        let (_, second, _) = scan([dir + "/f.log"], StaticRuleDetector(rule: .elasticUserClones))
        let alert = try #require(first.first)
        #expect(first == second)
        #expect(alert.id.hasPrefix("ew-") && alert.id.count == 19)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(alert.jsonLine().utf8)) as? [String: Any])
        for key in [
            "id", "episode", "revision", "actor", "window_start", "window_end", "detected_at", "score",
            "severity", "detector", "reason", "signals", "example_resources", "example_source_ips",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["window_start"] as? String == "2025-11-03T00:00:00Z")
        #expect(object["detected_at"] as? String == "2025-11-03T00:00:48Z")
        #expect((object["example_source_ips"] as? [String]) == ["203.0.113.9"])
        let decoded = try JSONDecoder().decode(Alert.self, from: Data(alert.jsonLine().utf8))
        #expect(decoded.windowStart == alert.windowStart && decoded.id == alert.id)
    }
}

@Suite("Pipeline: idle eviction")
struct IdleEvictionTests {
    @Test("actors idle for two days lose their window state; the detector still knows them")
    func evictsIdle() throws {
        let dir = try TestSupport.temporaryDirectory()
        let d = PipelineTestData.self
        var lines = (0..<40).map { d.clone("user\($0)", "acme/r\($0 % 7)", at: d.monday + Int64($0) * 30) }
        lines.append(d.clone("late-riser", "acme/r1", at: d.monday + 4 * 86_400))
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/f.log")
        let engine = DetectionEngine(detector: BaselineDetector(model: .shipped)) { _ in }
        _ = BatchScanner(options: ScanOptions(), engine: engine).run(paths: [dir + "/f.log"])
        engine.sweepIdle()
        #expect(engine.idleActors == 40)
        #expect(engine.detector.actorCount == 41)
        // Already evicted: a second sweep finds nothing more.
        engine.sweepIdle()
        #expect(engine.idleActors == 40)
    }
}
