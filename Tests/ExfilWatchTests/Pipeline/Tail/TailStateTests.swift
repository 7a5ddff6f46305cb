import ExfilWatch
import Foundation
import Testing

@Suite("Tail: state files, engine state, metrics")
struct TailStateTests {
    typealias D = PipelineTestData

    @Test("atomic writes are 0600, replace a symlink instead of following it, and reads refuse symlinks")
    func atomicFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        let target = dir + "/victim"
        try TestSupport.write("keep", to: target)
        try FileManager.default.createSymbolicLink(atPath: dir + "/state", withDestinationPath: target)
        #expect(throws: AtomicFileError.self) { try AtomicFile.read(dir + "/state") }
        try AtomicFile.write(Array("new".utf8), to: dir + "/state")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/state")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try AtomicFile.read(dir + "/state") == Array("new".utf8))
        #expect(try AtomicFile.read(dir + "/absent") == nil)
        try AtomicFile.write([1, 2], to: dir + "/metrics.prom", mode: 0o644)
        #expect(
            (try FileManager.default.attributesOfItem(atPath: dir + "/metrics.prom")[.posixPermissions] as? NSNumber)?
                .intValue == 0o644)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["metrics.prom", "state", "victim"])
        try AtomicFile.makeDirectory(dir + "/a/b")
        #expect(
            (try FileManager.default.attributesOfItem(atPath: dir + "/a/b")[.posixPermissions] as? NSNumber)?.intValue
                == 0o700)
    }

    @Test("a state directory that is a symbolic link is refused; its target is left as it was")
    func linkedStateDirectory() throws {
        let dir = try TestSupport.temporaryDirectory()
        try AtomicFile.makeDirectory(dir + "/elsewhere")
        try TestSupport.write("planted", to: dir + "/elsewhere/" + EngineStateFile.fileName)
        try FileManager.default.createSymbolicLink(atPath: dir + "/state", withDestinationPath: dir + "/elsewhere")
        let statePath = EngineStateFile.path(in: dir + "/state")
        let refusal = #expect(throws: AtomicFileError.self) { try AtomicFile.write([1], to: statePath) }
        #expect(refusal?.path == dir + "/state")
        #expect(refusal?.reason.contains("symbolic link") == true)
        #expect(throws: AtomicFileError.self) { try AtomicFile.read(statePath) }
        #expect(throws: AtomicFileError.self) { try AtomicFile.makeDirectory(dir + "/state") }
        let engine = DetectionEngine(detector: BaselineDetector(model: .shipped)) { _ in }
        let saving = #expect(throws: TailError.self) { try EngineStateFile.save(engine, directory: dir + "/state") }
        #expect(saving?.kind == .writeFailed)
        let loading = #expect(throws: TailError.self) {
            try EngineStateFile.load(into: engine, directory: dir + "/state")
        }
        #expect(loading?.kind == .unusableDirectory)
        #expect(loading?.path == dir + "/state")
        // A trailing slash must not let the link through (`lstat("state/")` follows it).
        for path in [dir + "/state", dir + "/state/", dir + "/state//"] {
            let refused = #expect(throws: TailError.self) { try EngineStateFile.prepare(directory: path) }
            #expect(refused?.kind == .unusableDirectory)
            #expect(throws: AtomicFileError.self) { try AtomicFile.makeDirectory(path) }
        }
        #expect(throws: TailError.self) { try TailCheckpoint.load(directory: dir + "/state") }
        let checkpoint = TailCheckpoint(
            files: [], deliveredAlertIDs: [], watermark: 0, engineState: [1], savedAt: 1_790_000_000)
        #expect(throws: TailError.self) { try checkpoint.save(directory: dir + "/state") }
        // A link above the state directory is the user's layout (macOS's /tmp is one): allowed.
        try EngineStateFile.prepare(directory: dir + "/state/below/")
        try checkpoint.save(directory: dir + "/state/below")
        #expect(try TailCheckpoint.load(directory: dir + "/elsewhere/below") == checkpoint)
        try EngineStateFile.prepare(directory: dir + "/fresh/state")
        #expect(FileManager.default.fileExists(atPath: dir + "/fresh/state"))
        #expect(
            try String(contentsOfFile: dir + "/elsewhere/" + EngineStateFile.fileName, encoding: .utf8) == "planted")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/elsewhere").sorted()
                == ["below", EngineStateFile.fileName])
        // An output the user names may go through a linked directory.
        try AtomicFile.write([1, 2], to: dir + "/state/report.html", mode: 0o644, followingDirectoryLink: true)
        #expect(try AtomicFile.read(dir + "/elsewhere/report.html") == [1, 2])
        #expect(try AtomicFile.read(dir + "/missing/engine.state") == nil)
        // A file name is needed: a path ending in `/` is an error, not a file named after the directory.
        #expect(throws: AtomicFileError.self) {
            try AtomicFile.write([1], to: dir + "/out/", mode: 0o644, followingDirectoryLink: true)
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test("tail refuses a state directory that is a symbolic link before following anything")
    func tailRefusesLinkedState() throws {
        let dir = try TestSupport.temporaryDirectory()
        try AtomicFile.makeDirectory(dir + "/elsewhere")
        try FileManager.default.createSymbolicLink(atPath: dir + "/state", withDestinationPath: dir + "/elsewhere")
        try TestSupport.write(
            PipelineTestData.clone("alice", "acme/a", at: PipelineTestData.monday) + "\n", to: dir + "/a.log")
        for fresh in [false, true] {
            var configuration = TailTest.configuration([dir + "/a.log"], state: dir + "/state/")
            configuration.freshState = fresh
            let refused = #expect(throws: TailError.self) {
                _ = try TailRunner(
                    configuration: configuration, detector: BaselineDetector(model: .shipped),
                    logger: TailTest.quietLogger
                ) { _ in }
            }
            #expect(refused?.kind == .unusableDirectory)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/elsewhere").isEmpty)
    }

    @Test("a second tail on a state directory in use refuses to start, naming the first; it may once that one ends")
    func stateDirectoryLocked() throws {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write(
            PipelineTestData.clone("alice", "acme/a", at: PipelineTestData.monday) + "\n", to: dir + "/a.log")
        let configuration = TailTest.configuration([dir + "/a.log"], state: dir + "/state")
        func runner() throws(TailError) -> TailRunner<StaticRuleDetector> {
            try TailRunner(
                configuration: configuration, detector: StaticRuleDetector(rule: .elasticUserClones),
                logger: TailTest.quietLogger
            ) { _ in }
        }
        var first: TailRunner<StaticRuleDetector>? = try runner()
        let refused = #expect(throws: TailError.self) { _ = try runner() }
        #expect(refused?.kind == .unusableDirectory)
        #expect(refused?.description.contains("held by another exfilwatch (pid \(getpid()))") == true)
        #expect(first != nil)
        first = nil
        #expect(throws: Never.self) { _ = try runner() }
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/state/lock")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("checkpoint encoding round-trips; truncation and wrong magic are errors naming the file")
    func checkpointRoundTrip() throws {
        let checkpoint = TailCheckpoint(
            files: [
                FilePosition(
                    path: "/var/log/nginx/access.log", identity: FileIdentity(device: 2049, inode: 131_077),
                    fingerprint: FileFingerprint(hash: 0xDEAD_BEEF, length: 1024), offset: 123_456, lineNumber: 789,
                    format: "combined"),
                FilePosition(
                    path: "/var/log/nginx/access.log.1", identity: FileIdentity(device: 2049, inode: 9),
                    fingerprint: FileFingerprint(hash: 7, length: 12), offset: 12, lineNumber: 1, format: nil),
            ],
            deliveredAlertIDs: ["ew-0123456789abcdef", "ew-0123456789abcdef.r1"], watermark: D.monday,
            engineState: [1, 2, 3], savedAt: 1_790_000_000)
        let bytes = checkpoint.encoded()
        #expect(try TailCheckpoint(decoding: bytes, path: "/s/tail.checkpoint") == checkpoint)
        #expect(throws: TailError.self) { try TailCheckpoint(decoding: Array(bytes.dropLast(3)), path: "/s/x") }
        do {
            _ = try TailCheckpoint(decoding: Array("{\"not\":\"a checkpoint\"}".utf8), path: "/s/tail.checkpoint")
            Issue.record("accepted garbage")
        } catch {
            #expect(error.description.hasPrefix("/s/tail.checkpoint"))
            #expect(error.description.contains("not a tail checkpoint"))
        }
    }

    /// Events of `lines` through an engine, the first `cut` in one engine and the rest in a restored
    /// copy: the alerts and the interned ids must equal one engine over all lines.
    func splitRun(_ rule: StaticRule, _ lines: [String], cut: Int) throws {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write(lines[..<cut].joined(separator: "\n") + "\n", to: dir + "/a.log")
        try TestSupport.write(lines[cut...].joined(separator: "\n") + "\n", to: dir + "/b.log")
        let whole = try TailTest.scanAlerts(lines, StaticRuleDetector(rule: rule))
        var split: [Alert] = []
        let first = DetectionEngine(detector: StaticRuleDetector(rule: rule)) { split.append($0) }
        _ = BatchScanner(options: ScanOptions(), engine: first).run(paths: [dir + "/a.log"])
        let second = DetectionEngine(detector: StaticRuleDetector(rule: rule)) { split.append($0) }
        try second.restoreState(first.encodeState())
        #expect(second.maxEventTime == first.maxEventTime)
        #expect(
            (0..<first.actors.count).map { second.actors.string(UInt32($0)) }
                == (0..<first.actors.count).map { first.actors.string(UInt32($0)) })
        #expect(second.encodeState() == first.encodeState())
        _ = BatchScanner(options: ScanOptions(), engine: second).run(paths: [dir + "/b.log"])
        #expect(split.map(\.id) == whole.map(\.id), "\(rule)")
        #expect(!whole.isEmpty, "\(rule)")
    }

    @Test("engine state round trip mid-episode, for every static-rule preset", arguments: StaticRule.allCases)
    func engineStateRoundTrip(rule: StaticRule) throws {
        var lines = TailTest.timeline()
        if rule == .splunk3Sigma {
            // 20 quiet ten-minute bins of history, then a burst.
            lines =
                (0..<40).map { D.clone("mallory", "x/r\($0 % 3)", at: D.monday + Int64($0) * 300) }
                + D.burst("mallory", from: D.monday + 40 * 300, count: 40).map(\.1)
        }
        let cut = lines.indices.filter { lines[$0].contains(" mallory ") }[rule == .splunk3Sigma ? 42 : 12]
        try splitRun(rule, lines, cut: cut)
    }

    @Test("state of another detector or actor key, or a damaged blob, is refused")
    func engineStateMismatch() throws {
        let engine = DetectionEngine(detector: StaticRuleDetector(rule: .elasticUserClones)) { _ in }
        _ = engine.actors.intern("alice")
        let state = engine.encodeState()
        let other = DetectionEngine(detector: StaticRuleDetector(rule: .elasticTokenRepos)) { _ in }
        #expect(throws: StateDecodingError.self) { try other.restoreState(state) }
        let byIP = DetectionEngine(detector: StaticRuleDetector(rule: .elasticUserClones), actorKey: .ip) { _ in }
        #expect(throws: StateDecodingError.self) { try byIP.restoreState(state) }
        for n in [0, 8, 20, state.count - 1] {
            #expect(throws: StateDecodingError.self) { try engine.restoreState(Array(state.prefix(n))) }
        }
        #expect(other.actors.count == 0)
    }

    @Test("delivered ids are bounded, oldest forgotten first")
    func deliveredBound() {
        var d = DeliveredAlerts(capacity: 100)
        for i in 0..<1000 { d.record("id\(i)") }
        #expect(d.ids.count <= 113 && d.ids.last == "id999")
        #expect(d.contains("id999") && !d.contains("id0"))
        #expect(d.ids.allSatisfy { d.contains($0) })
        d.record("id999")
        #expect(d.ids.filter { $0 == "id999" }.count == 1)
    }

    @Test("metrics: Prometheus text with HELP/TYPE, escaped labels, one series per path")
    func metricsText() throws {
        var status = TailStatus()
        status.lines = 10
        status.alerts = 2
        status.actors = 3
        status.secondsBehind = 1.25
        status.files = [
            TailStatus.File(path: "/l/a\"b\\c\nd.log", offset: 5, size: 9),
            TailStatus.File(path: "/l/access.log", offset: 100, size: 100),  // rotated away, being drained
            TailStatus.File(path: "/l/access.log", offset: 7, size: 7),
            TailStatus.File(path: "/l/x\u{1B}]0;owned\u{07}.log", offset: 3, size: 3),
        ]
        let text = MetricsWriter.render(status)
        for name in [
            "exfilwatch_lines_total", "exfilwatch_events_total", "exfilwatch_malformed_lines_total",
            "exfilwatch_alerts_total", "exfilwatch_actors", "exfilwatch_seconds_behind", "exfilwatch_file_offset_bytes",
        ] {
            #expect(text.contains("# HELP \(name) ") && text.contains("# TYPE \(name) "), "\(name)")
        }
        #expect(text.contains("exfilwatch_lines_total 10\n"))
        #expect(text.contains("exfilwatch_seconds_behind 1.25\n"))
        #expect(text.contains("exfilwatch_file_offset_bytes{path=\"/l/a\\\"b\\\\c\\nd.log\"} 5\n"))
        #expect(text.contains("exfilwatch_file_offset_bytes{path=\"/l/access.log\"} 7\n"))
        #expect(text.contains(#"exfilwatch_file_offset_bytes{path="/l/x\\x1b]0;owned\\x07.log"} 3"#))
        #expect(!text.utf8.contains(0x1B) && !text.utf8.contains(0x07))
        #expect(!text.contains("exfilwatch_file_offset_bytes{path=\"/l/access.log\"} 100"))
        // Every sample line is `name{labels} value`; every metric was announced by TYPE before.
        var typed = Set<String>()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") { typed.insert(String(line.split(separator: " ")[2])) }
            if line.hasPrefix("#") { continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            #expect(typed.contains(name), "\(line)")
            #expect(Double(line.split(separator: " ").last!) != nil, "\(line)")
        }
        let dir = try TestSupport.temporaryDirectory()
        try MetricsWriter(path: dir + "/exfilwatch.prom").write(status)
        #expect(try String(contentsOfFile: dir + "/exfilwatch.prom", encoding: .utf8) == text)
    }
}
