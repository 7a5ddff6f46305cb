import ExfilWatch
import Foundation
import Logging
import Synchronization

/// Runs a real ``TailRunner`` on its own thread against files in a temporary directory, collecting
/// alerts with the wall-clock instant each was delivered.
final class TailHarness: Sendable {
    let control = TailControl()
    private let delivered = Mutex<[(alert: Alert, at: ContinuousClock.Instant)]>([])
    private let outcome = Mutex<Result<Void, TailError>?>(nil)

    /// Starts the runner; `makeDetector` runs on the runner's thread (detectors need not be Sendable).
    init<D: StatefulDetector & SendableMetatype>(
        _ configuration: TailConfiguration, _ makeDetector: @escaping @Sendable () -> D
    ) {
        let thread = Thread { [self] in
            let result: Result<Void, TailError>
            do throws(TailError) {
                let runner = try TailRunner(
                    configuration: configuration, detector: makeDetector(), control: control,
                    logger: TailTest.quietLogger
                ) { alert in
                    self.delivered.withLock { $0.append((alert, .now)) }
                }
                try runner.run()
                result = .success(())
            } catch {
                result = .failure(error)
            }
            self.outcome.withLock { $0 = result }
        }
        thread.name = "tail-under-test"
        thread.start()
    }

    var alerts: [Alert] { delivered.withLock { $0.map(\.alert) } }
    var deliveries: [(alert: Alert, at: ContinuousClock.Instant)] { delivered.withLock { $0 } }
    var status: TailStatus { control.status }
    var result: Result<Void, TailError>? { outcome.withLock { $0 } }

    /// Waits until `condition` holds for the published status (or the runner ended); false on timeout.
    @discardableResult
    func wait(seconds: Double = 10, until condition: (TailStatus) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition(status) { return true }
            if result != nil { return condition(status) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(status)
    }

    /// Stops the runner (as SIGTERM does) and waits for it to return.
    func stop() async throws {
        control.stop()
        let deadline = ContinuousClock.now + .seconds(10)
        while result == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        switch result {
        case .success: return
        case .failure(let error): throw error
        case nil: throw TailError(kind: .badInput, path: "harness", reason: "runner did not stop")
        }
    }
}

enum TailTest {
    typealias D = PipelineTestData

    static let quietLogger = Logger(label: "tail-test") { _ in SwiftLogNoOpLogHandler() }

    /// Fast clocks for tests: 20 ms polls, rotated files closed after 0.3 s of quiet.
    static func configuration(_ paths: [String], state: String? = nil, lateness: Int64 = 600) -> TailConfiguration {
        var options = ScanOptions()
        options.allowedLateness = lateness
        var c = TailConfiguration(paths: paths, options: options)
        c.stateDirectory = state
        c.pollInterval = 0.02
        c.rotatedGrace = 0.3
        c.checkpointInterval = 0.5
        return c
    }

    /// A realistic mix in event-time order: background users cloning now and then, two bursts by
    /// mallory (two episodes) and one by eve, so a lost, repeated or misplaced line changes the alerts.
    static func timeline() -> [String] {
        var lines: [(Int64, String)] = []
        for i in 0..<120 {
            let t = D.monday + Int64(i) * 30
            lines.append((t, D.clone(i % 2 == 0 ? "alice" : "bob", "acme/app\(i % 4)", at: t)))
        }
        lines += D.burst("mallory", from: D.monday + 600, count: 40)
        lines += D.burst("eve", from: D.monday + 1500, count: 30, every: 3)
        lines += D.burst("mallory", from: D.monday + 2700, count: 30)
        return lines.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Alerts of a batch `scan` of `lines` written to one file, with a fresh detector.
    static func scanAlerts<Det: Detector>(_ lines: [String], _ detector: Det, lateness: Int64 = 600) throws -> [Alert] {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/all.log")
        var alerts: [Alert] = []
        var options = ScanOptions()
        options.allowedLateness = lateness
        let engine = DetectionEngine(detector: detector, actorKey: options.actorKey, allowedLateness: lateness) {
            alerts.append($0)
        }
        _ = BatchScanner(options: options, engine: engine).run(paths: [dir + "/all.log"])
        return alerts
    }

    /// Appends `lines` to `path` (creating it), a few lines per `write(2)` with short pauses, the way
    /// a busy server writes.
    static func append(_ lines: some Collection<String>, to path: String, perWrite: Int = 7, pause: Int = 3)
        async throws
    {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        let all = Array(lines)
        var i = 0
        while i < all.count {
            let chunk = all[i..<min(i + perWrite, all.count)]
            try handle.write(contentsOf: Data((chunk.joined(separator: "\n") + "\n").utf8))
            i += perWrite
            try await Task.sleep(for: .milliseconds(pause))
        }
    }

    /// Ids in delivery order; the test compares them with `scan`'s as sets and checks for repeats.
    static func ids(_ alerts: [Alert]) -> [String] { alerts.map(\.id) }
}

/// A test-only stateful detector that fires when a window *closes*: clones per actor in fixed
/// windows of `window` seconds; a window with at least `threshold` clones alerts when event time
/// (minus the allowed lateness) passes its end. Exercises the quiet-input clock and detector state
/// round trips through ``StatefulDetector``.
struct WindowCountDetector: StatefulDetector {
    var window: Int64 = 10
    var threshold = 5
    var lateness: Int64 = 0
    var name: String { "window-count" }
    /// actor → (window start, count)
    private(set) var open: [UInt32: (start: Int64, count: Int)] = [:]

    mutating func observe(_ o: Observation, emit: (AlertCandidate) -> Void) {
        guard o.action == .clone else { return }
        let start = o.time - ((o.time % window) + window) % window
        if let w = open[o.actor], w.start != start {
            if start < w.start { return }
            close(o.actor, w, emit)
        }
        let current = open[o.actor].map { $0.start == start ? $0.count : 0 } ?? 0
        open[o.actor] = (start, current + 1)
    }

    mutating func dropActors(_ actors: IdRemap) {
        var kept: [UInt32: (start: Int64, count: Int)] = [:]
        for (actor, w) in open { if let id = actors[actor] { kept[id] = w } }
        open = kept
    }

    func markSources(_ referenced: inout [Bool]) {}

    mutating func renumberSources(_ sources: IdRemap) {}

    mutating func advance(to watermark: Int64, emit: (AlertCandidate) -> Void) {
        for (actor, w) in open.sorted(by: { $0.key < $1.key }) where w.start + window <= watermark - lateness {
            open[actor] = nil
            close(actor, w, emit)
        }
    }

    private func close(_ actor: UInt32, _ w: (start: Int64, count: Int), _ emit: (AlertCandidate) -> Void) {
        guard w.count >= threshold else { return }
        emit(
            AlertCandidate(
                actor: actor, episodeStart: w.start, revision: 0, windowStart: w.start, windowEnd: w.start + window,
                detectedAt: w.start + window, score: Double(w.count), severity: .high,
                reason: "cloned \(w.count) times in \(window)s", signals: [], exampleResources: [], exampleSources: []))
    }

    func encodeState() -> [UInt8] {
        var w = StateWriter()
        w.raw(Array("WCOUNT".utf8))
        w.count(open.count)
        for (actor, v) in open.sorted(by: { $0.key < $1.key }) {
            w.u32(actor)
            w.i64(v.start)
            w.count(v.count)
        }
        return w.bytes
    }

    func restored(from bytes: [UInt8]) throws -> WindowCountDetector {
        var r = StateReader(bytes)
        try r.expect(magic: Array("WCOUNT".utf8), what: "window-count state")
        var d = self
        d.open = [:]
        for _ in 0..<(try r.count(minimumElementSize: 20)) {
            d.open[try r.u32()] = (try r.i64(), try r.count(minimumElementSize: 0))
        }
        return d
    }
}
