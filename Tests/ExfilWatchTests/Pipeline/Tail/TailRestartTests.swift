import ExfilWatch
import Foundation
import Testing

/// Stop (what SIGTERM does) and restart with lines written while `tail` was down: the alerts of the
/// two runs together equal one `scan` of all the lines, none lost and none repeated.
@Suite("Tail: checkpoints and restarts", .serialized)
struct TailRestartTests {
    typealias D = PipelineTestData
    static let rule = StaticRule.elasticUserClones

    @Test("stop mid-burst, lines written during the downtime, restart: same alerts as scan")
    func stopAndRestart() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let state = dir + "/state"
        let lines = TailTest.timeline()
        let expected = try TailTest.scanAlerts(lines, StaticRuleDetector(rule: Self.rule))
        let cut = TailRotationTests.midBurst(lines)
        let eve = lines.indices.filter { lines[$0].contains(" eve ") }[10]

        let first = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        try await TailTest.append(lines[..<cut], to: path)
        #expect(await first.wait { $0.lines == Int64(cut) })
        try await first.stop()
        let checkpoint = try #require(try TailCheckpoint.load(directory: state))
        #expect(checkpoint.files.count == 1 && checkpoint.files[0].offset == Int64(Self.bytes(lines[..<cut])))

        try await TailTest.append(lines[cut..<eve], to: path)  // while down
        let second = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        #expect(await second.wait { $0.lines == Int64(eve - cut) })
        try await TailTest.append(lines[eve...], to: path)  // live again
        #expect(
            await second.wait { $0.lines == Int64(lines.count - cut) && $0.alerts + Int64(first.alerts.count) >= 3 })
        try await second.stop()

        let ids = TailTest.ids(first.alerts + second.alerts)
        #expect(Set(ids) == Set(TailTest.ids(expected)))
        #expect(ids.count == expected.count, "lost or repeated: \(ids)")
        // mallory's first episode straddles the restart: only the saved detector state gives its id.
        #expect(first.alerts.isEmpty)
    }

    @Test("a file rotated while tail was down is found by its inode and read to its end first")
    func rotatedDuringDowntime() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let state = dir + "/state"
        let lines = TailTest.timeline()
        let expected = try TailTest.scanAlerts(lines, StaticRuleDetector(rule: Self.rule))
        let cut = TailRotationTests.midBurst(lines)

        let first = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        try await TailTest.append(lines[..<cut], to: path)
        #expect(await first.wait { $0.lines == Int64(cut) })
        try await first.stop()

        try await TailTest.append(lines[cut..<cut + 20], to: path)
        try FileManager.default.moveItem(atPath: path, toPath: dir + "/access.log.1")
        try await TailTest.append(lines[(cut + 20)...], to: path)
        let second = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        #expect(await second.wait { $0.lines == Int64(lines.count - cut) && $0.alerts >= 3 })
        try await second.stop()
        let ids = TailTest.ids(first.alerts + second.alerts)
        #expect(Set(ids) == Set(TailTest.ids(expected)))
        #expect(ids.count == expected.count)
    }

    @Test("copytruncate while tail was down: the unread end of the copy is read, the truncated file from 0")
    func copyTruncatedDuringDowntime() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let state = dir + "/state"
        let lines = TailTest.timeline()
        let expected = try TailTest.scanAlerts(lines, StaticRuleDetector(rule: Self.rule))
        let cut = TailRotationTests.midBurst(lines)
        let configuration = TailTest.configuration([dir + "/access.log*"], state: state)

        let first = TailHarness(configuration) { StaticRuleDetector(rule: Self.rule) }
        try await TailTest.append(lines[..<cut], to: path)
        #expect(await first.wait { $0.lines == Int64(cut) })
        try await first.stop()

        try await TailTest.append(lines[cut..<cut + 20], to: path)
        try FileManager.default.copyItem(atPath: path, toPath: dir + "/.copy")
        try FileManager.default.moveItem(atPath: dir + "/.copy", toPath: dir + "/access.log.1")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try await TailTest.append(lines[(cut + 20)...], to: path)
        let second = TailHarness(configuration) { StaticRuleDetector(rule: Self.rule) }
        #expect(await second.wait { $0.lines == Int64(lines.count - cut) && $0.alerts >= 3 })
        try await Task.sleep(for: .milliseconds(100))
        try await second.stop()
        #expect(second.status.lines == Int64(lines.count - cut))
        let ids = TailTest.ids(first.alerts + second.alerts)
        #expect(Set(ids) == Set(TailTest.ids(expected)))
        #expect(ids.count == expected.count)
    }

    @Test("a stop before the first poll leaves the checkpoint as it was")
    func stopBeforeFirstPoll() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let state = dir + "/state"
        try TestSupport.write(TailTest.timeline().joined(separator: "\n") + "\n", to: path)
        let first = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        #expect(await first.wait { $0.alerts == 3 })
        try await first.stop()
        let before = try #require(try AtomicFile.read(TailCheckpoint.path(in: state)))
        let runner = try TailRunner(
            configuration: TailTest.configuration([path], state: state),
            detector: StaticRuleDetector(rule: Self.rule), logger: TailTest.quietLogger
        ) { _ in }
        runner.control.stop()
        try runner.run()
        #expect(try AtomicFile.read(TailCheckpoint.path(in: state)) == before)
    }

    @Test("detector state round trip: a window half-filled before the stop alerts after the restart")
    func statefulDetectorAcrossRestart() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let state = dir + "/state"
        let w = D.monday  // a multiple of 10
        var timed: [(Int64, String)] = (0..<6).map {
            (w + Int64($0), D.clone("mallory", "x/r\($0)", at: w + Int64($0)))
        }
        timed += (0..<3).map { (w + 10 + Int64($0), D.clone("mallory", "x/s\($0)", at: w + 10 + Int64($0))) }
        timed += (0..<7).map { (w + 20 + Int64($0), D.clone("eve", "y/r\($0)", at: w + 20 + Int64($0))) }
        timed += (0..<8).map { (w + Int64($0) * 7, D.clone("alice", "acme/app", at: w + Int64($0) * 7)) }
        timed.append((w + 59, D.clone("bob", "acme/app", at: w + 59)))
        let lines = timed.sorted { $0.0 < $1.0 }.map(\.1)
        let expected = try TailTest.scanAlerts(lines, WindowCountDetector(), lateness: 0)
        #expect(Set(expected.map(\.actor)) == ["mallory", "eve"])
        let cut = lines.indices.filter { lines[$0].contains(" eve ") }[3]

        let first = TailHarness(TailTest.configuration([path], state: state, lateness: 0)) { WindowCountDetector() }
        try await TailTest.append(lines[..<cut], to: path)
        #expect(await first.wait { $0.lines == Int64(cut) })
        try await first.stop()
        try await TailTest.append(lines[cut...], to: path)
        let second = TailHarness(TailTest.configuration([path], state: state, lateness: 0)) { WindowCountDetector() }
        // Windows that end before the newest event close on the first quiet poll after the backlog.
        #expect(await second.wait { Int64(first.alerts.count) + $0.alerts >= 2 })
        try await second.stop()
        let ids = TailTest.ids(first.alerts + second.alerts)
        #expect(Set(ids) == Set(TailTest.ids(expected)))
        #expect(ids.count == expected.count)
        #expect(second.alerts.map(\.actor) == ["eve"])
    }

    @Test("alerts fired again after positions roll back are not delivered twice (delivered ids in the checkpoint)")
    func deliveredIDsSurvive() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let state = dir + "/state"
        let lines = TailTest.timeline()
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: path)
        let first = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        #expect(await first.wait { $0.alerts == 3 })
        try await first.stop()
        // As after a crash between delivering and checkpointing: positions and engine state from before
        // the alerts, but the alerts' ids recorded as delivered.
        var checkpoint = try #require(try TailCheckpoint.load(directory: state))
        #expect(checkpoint.deliveredAlertIDs.count == 3)
        checkpoint.files = []
        checkpoint.engineState = DetectionEngine(detector: StaticRuleDetector(rule: Self.rule)) { _ in }.encodeState()
        try checkpoint.save(directory: state)
        let second = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        #expect(await second.wait { $0.lines == Int64(lines.count) && $0.duplicateAlerts == 3 })
        try await second.stop()
        #expect(second.alerts.isEmpty)
    }

    @Test("a corrupt or newer checkpoint stops tail with an error naming it; --fresh-state starts over")
    func unusableCheckpoint() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let state = dir + "/state"
        let path = dir + "/access.log"
        try TestSupport.write(TailTest.timeline().joined(separator: "\n") + "\n", to: path)
        let first = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        #expect(await first.wait { $0.alerts == 3 })
        try await first.stop()
        let file = TailCheckpoint.path(in: state)
        var bytes = try #require(try AtomicFile.read(file))
        bytes[bytes.count / 2] ^= 0xFF
        try AtomicFile.write(bytes, to: file)
        let broken = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        await broken.wait(seconds: 2) { _ in false }
        guard case .failure(let error) = broken.result else {
            Issue.record("tail started from a corrupt checkpoint")
            return
        }
        #expect(error.kind == .unusableState)
        #expect(error.description.contains(file) && error.description.contains("--fresh-state"))
        #expect(error.description.contains("corrupt"))

        // A checkpoint from a newer exfilwatch (version field 99) is refused as such.
        bytes[bytes.count / 2] ^= 0xFF
        bytes[8] = 99
        try AtomicFile.write(bytes, to: file)
        let newer = TailHarness(TailTest.configuration([path], state: state)) { StaticRuleDetector(rule: Self.rule) }
        await newer.wait(seconds: 2) { _ in false }
        guard case .failure(let newerError) = newer.result else {
            Issue.record("tail started from a newer checkpoint")
            return
        }
        #expect(newerError.description.contains("newer exfilwatch") && newerError.description.contains(file))

        var fresh = TailTest.configuration([path], state: state)
        fresh.freshState = true
        let restarted = TailHarness(fresh) { StaticRuleDetector(rule: Self.rule) }
        #expect(await restarted.wait { $0.alerts == 3 })
        try await restarted.stop()
        #expect(try TailCheckpoint.load(directory: state) != nil)
    }

    @Test("warm start: tail --load-state continues from what a scan backfill learned")
    func warmStart() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let lines = TailTest.timeline()
        let expected = try TailTest.scanAlerts(lines, StaticRuleDetector(rule: Self.rule))
        let cut = TailRotationTests.midBurst(lines)
        try TestSupport.write(lines[..<cut].joined(separator: "\n") + "\n", to: dir + "/history.log")
        let engine = DetectionEngine(detector: StaticRuleDetector(rule: Self.rule)) { _ in }
        _ = BatchScanner(options: ScanOptions(), engine: engine).run(paths: [dir + "/history.log"])
        #expect(engine.alertCount == 0)
        try EngineStateFile.save(engine, directory: dir + "/backfill")

        var configuration = TailTest.configuration([dir + "/live.log"], state: dir + "/state")
        configuration.loadStateDirectory = dir + "/backfill"
        let harness = TailHarness(configuration) { StaticRuleDetector(rule: Self.rule) }
        try await TailTest.append(lines[cut...], to: dir + "/live.log")
        #expect(await harness.wait { $0.alerts == 3 })
        try await harness.stop()
        #expect(TailTest.ids(harness.alerts) == TailTest.ids(expected))
    }

    static func bytes(_ lines: ArraySlice<String>) -> Int { lines.reduce(0) { $0 + $1.utf8.count + 1 } }
}
