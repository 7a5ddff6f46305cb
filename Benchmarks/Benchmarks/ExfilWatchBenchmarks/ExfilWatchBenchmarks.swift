import Benchmark
import ExfilWatch

/// exfilwatch's stages on generated, realistic logs (``Corpus``), each reporting MB/s of uncompressed
/// input and `mallocCountTotal` per iteration (one iteration = one pass over the input).
///
///     cd Benchmarks && swift package benchmark                       # everything: ~30 s once built
///     swift package benchmark --filter "Parse.*"                    # a regex over the names below
///     swift package --traits ISAL benchmark --filter "Inflate.*"    # with ISA-L built in
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .megabytesPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(2),
        maxIterations: 20
    )

    // MARK: Ingest

    for backend in InflateBackend.allCases {
        Benchmark("Inflate \(backend.rawValue)") { benchmark, corpus in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
            defer { buffer.deallocate() }
            var total = 0
            benchmark.startMeasurement()
            benchmark.measuringThroughput(of: corpus.megabytes) {
                let input = try! DecodedInput(path: corpus.gzipPath, backend: backend)
                while case let n = try! input.read(into: buffer), n > 0 { total += n }
            }
            benchmark.stopMeasurement()
            precondition(total == corpus.bytes.count, "inflated \(total) bytes, expected \(corpus.bytes.count)")
        } setup: {
            Corpus.combined
        }
    }

    Benchmark("Framing LineReader") { benchmark, corpus in
        var lines = 0
        benchmark.measuringThroughput(of: corpus.megabytes) {
            let reader = try! LineReader(path: corpus.plainPath)
            while let line = try! reader.nextLine() { lines &+= line.count &+ 1 }
        }
        blackHole(lines)
    } setup: {
        Corpus.combined
    }

    // MARK: Formats

    Benchmark("Parse CombinedLogParser") { benchmark, corpus in
        let parser = CombinedLogParser()
        var event = Event()
        var parsed = 0
        benchmark.measuringThroughput(of: corpus.megabytes) {
            corpus.forEachLine { if parser.parse($0, into: &event) { parsed += 1 } }
        }
        precondition(parsed == corpus.lines.count)
    } setup: {
        Corpus.combined
    }

    Benchmark("Parse GitHubAuditParser") { benchmark, corpus in
        let parser = GitHubAuditParser()
        var event = Event()
        var parsed = 0
        benchmark.measuringThroughput(of: corpus.megabytes) {
            corpus.forEachLine { if parser.parse($0, into: &event) { parsed += 1 } }
        }
        precondition(parsed == corpus.lines.count)
    } setup: {
        Corpus.audit
    }

    // MARK: Windowing and detection

    Benchmark("Intern InternTable") { benchmark, parsed in
        // Steady state: every name is already interned, as after the first minutes of a scan.
        var table = InternTable(capacity: 4096)
        func internAll() -> UInt32 {
            var sum: UInt32 = 0
            parsed.forEach { event, line in
                for range in [event.user, event.client, event.resource] where !range.isEmpty {
                    sum &+= table.intern(UnsafeRawBufferPointer(rebasing: line[Int(range.start)..<Int(range.end)]))
                }
            }
            return sum
        }
        let expected = internAll()
        var sum: UInt32 = 0
        benchmark.startMeasurement()
        benchmark.measuringThroughput(of: parsed.corpus.megabytes) { sum = internAll() }
        benchmark.stopMeasurement()
        precondition(sum == expected)
    } setup: {
        ParsedCorpus(Corpus.combined, format: .combined)
    }

    // elastic-user-clones keeps the original name so that saved baselines still compare; splunk-3sigma
    // (binned) is here because its state update once copied every actor's state per event.
    for (name, rule) in [("", StaticRule.elasticUserClones), (" splunk-3sigma", StaticRule.splunk3Sigma)] {
        Benchmark("Window DetectionEngine StaticRuleDetector" + name) { benchmark, parsed in
            // Steady state: names interned and per-actor windows allocated by a first pass; the measured
            // pass replays the same events one span later.
            var alerts = 0
            let engine = DetectionEngine(detector: StaticRuleDetector(rule: rule)) { _ in alerts += 1 }
            parsed.forEach { event, line in engine.process(event, line: line) }
            let shift = parsed.span + 3600
            benchmark.startMeasurement()
            benchmark.measuringThroughput(of: parsed.corpus.megabytes) {
                parsed.forEach { event, line in
                    var e = event
                    e.time += shift
                    engine.process(e, line: line)
                }
            }
            benchmark.stopMeasurement()
            blackHole(alerts)
        } setup: {
            ParsedCorpus(Corpus.combined, format: .combined)
        }
    }

    Benchmark("Window DetectionEngine BaselineDetector") { benchmark, parsed in
        // Baseline scoring in steady state: a first pass learns (and fills the pools), the measured
        // pass replays the same events one span later, as for the static rule above.
        var alerts = 0
        var model = BaselineModel.shipped
        model.learnFor = 0
        let engine = DetectionEngine(detector: BaselineDetector(model: model)) { _ in alerts += 1 }
        parsed.forEach { event, line in engine.process(event, line: line) }
        let shift = parsed.span + 3600
        benchmark.startMeasurement()
        benchmark.measuringThroughput(of: parsed.corpus.megabytes) {
            parsed.forEach { event, line in
                var e = event
                e.time += shift
                engine.process(e, line: line)
            }
        }
        benchmark.stopMeasurement()
        blackHole(alerts)
    } setup: {
        ParsedCorpus(Corpus.combined, format: .combined)
    }

    // MARK: End to end

    for corpus in [("combined", { Corpus.combined }), ("github-audit", { Corpus.audit })] {
        Benchmark("EndToEnd BatchScanner \(corpus.0) gzip") { benchmark, corpus in
            var alerts = 0
            benchmark.measuringThroughput(of: corpus.megabytes) {
                let engine = DetectionEngine(detector: StaticRuleDetector(rule: .elasticUserClones)) { _ in }
                let summary = BatchScanner(options: ScanOptions(), engine: engine).run(paths: [corpus.gzipPath])
                precondition(summary.allInputsRead && summary.decodedBytes == Int64(corpus.bytes.count))
                alerts += summary.alerts
            }
            blackHole(alerts)
        } setup: {
            corpus.1()
        }
    }

    // Allocations per line: the same pipeline (gzip → lines → events → engine) over an 8 MiB and a
    // 32 MiB prefix of one log, after a warm-up pass; equal `mallocCountTotal` for both means no
    // allocation per line in steady state (what is left is per file: buffers, decoder, thread).
    for size in [8 << 20, 32 << 20] {
        Benchmark("SteadyState pipeline \(size >> 20) MiB") { benchmark, file in
            let engine = DetectionEngine(detector: CountingDetector()) { _ in }
            var shift: Int64 = 0
            func pass() {
                let source = try! EventSource(path: file.path, format: nil, maxLineLength: 64 << 10, prefetch: true)
                var first: Int64?
                var last: Int64 = 0
                while source.advance(malformed: { _, _ in }) {
                    var e = source.event
                    if first == nil { first = e.time }
                    e.time += shift
                    last = e.time
                    engine.process(e, line: source.line)
                }
                shift = last + 3600 - (first ?? 0)
            }
            pass()
            benchmark.startMeasurement()
            benchmark.measuringThroughput(of: Double(file.bytes) / 1e6) { pass() }
            benchmark.stopMeasurement()
            blackHole(engine.detector.observations)
        } setup: {
            Corpus.combined.gzipPrefix(size)
        }
    }
}
