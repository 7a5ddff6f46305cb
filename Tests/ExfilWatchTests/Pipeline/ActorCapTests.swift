import Foundation
import Testing

@testable import ExfilWatch

/// `--max-actors`: a scanner cycling through thousands of addresses while a user bursts.
@Suite("Pipeline: actor cap")
struct ActorCapTests {
    typealias D = PipelineTestData

    /// Three days: alice clones a few repositories every morning, 4 000 scanner addresses clone one
    /// public repository each, and on the third afternoon alice pulls 120 repositories in four minutes.
    static func lines() -> [String] {
        var timed: [(Int64, String)] = []
        for day in 0..<3 {
            for i in 0..<3 {
                let t = D.monday + Int64(day) * 86_400 + 9 * 3600 + Int64(i) * 600
                timed.append((t, D.clone("alice", "acme/app\(i)", at: t)))
            }
        }
        for i in 0..<4_000 {
            let t = D.monday + Int64(i) * 64
            let ip = "198.51.\(i / 250).\(i % 250)"
            timed.append(
                (t, "\(ip) - - [\(D.stamp(t))] \"POST /pub/site.git/git-upload-pack HTTP/1.1\" 200 512 \"-\" \"x\""))
        }
        timed += D.burst("alice", from: D.monday + 2 * 86_400 + 15 * 3600, count: 120)
        return timed.sorted { $0.0 < $1.0 }.map(\.1)
    }

    func run<Det: Detector>(_ detector: Det, maxActors: Int?) throws -> (ScanSummary, [Alert], DetectionEngine<Det>) {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write(Self.lines().joined(separator: "\n") + "\n", to: dir + "/access.log")
        var options = ScanOptions()
        options.maxActors = maxActors
        var alerts: [Alert] = []
        let engine = DetectionEngine(detector: detector, maxActors: maxActors) { alerts.append($0) }
        let summary = BatchScanner(options: options, engine: engine).run(paths: [dir + "/access.log"])
        return (summary, alerts, engine)
    }

    static var model: BaselineModel {
        var m = BaselineModel.shipped
        m.learnFor = 86_400
        return m
    }

    @Test("past the cap the least recently active are dropped and counted; the burst still alerts")
    func boundsActors() throws {
        let (summary, alerts, engine) = try run(BaselineDetector(model: Self.model), maxActors: 300)
        #expect(engine.actors.count <= 300)
        #expect(engine.detector.actorCount <= 300)
        // alice, idle for most of a day at a time, is dropped and comes back as a new actor: counted again.
        #expect(summary.actors == engine.actors.count + summary.droppedActors)
        #expect(summary.actors >= 4_001 && summary.actors <= 4_004)
        #expect(summary.droppedActors > 3_600)
        // 300 actors are about five hours of this traffic: nearly every drop was active within the day.
        #expect(summary.droppedRecentActors > 3_000)
        // One episode, judged as a new actor's (so it fires on the first few new namespaces, then escalates).
        #expect(Set(alerts.map(\.actor)) == ["alice"])
        #expect(Set(alerts.map(\.episode)).count == 1)
        // The addresses of dropped scanners went with them; the recent ones are still known.
        #expect(engine.actors.lookup("ip:198.51.0.0") == nil)
        #expect(engine.actors.lookup("ip:198.51.15.249") != nil)
        #expect(engine.sources.count < 400)
    }

    @Test("a cap the input never reaches changes nothing")
    func roomyCapIsInvisible() throws {
        let (_, capped, engine) = try run(BaselineDetector(model: Self.model), maxActors: 10_000)
        let (_, free, _) = try run(BaselineDetector(model: Self.model), maxActors: nil)
        #expect(engine.droppedActors == 0)
        #expect(capped.map(\.id) == free.map(\.id))
        #expect(!free.isEmpty)
    }

    @Test("a cap above the actors active in a day drops only actors idle for longer")
    func capAboveDailyActors() throws {
        // About 1 350 scanners a day: a cap of 2 000 is reached after a day and a half.
        let (summary, alerts, engine) = try run(BaselineDetector(model: Self.model), maxActors: 2_000)
        #expect(engine.actors.count <= 2_000)
        #expect(summary.droppedActors > 1_000)
        #expect(summary.droppedRecentActors == 0)
        #expect(Set(alerts.map(\.actor)) == ["alice"])
    }

    @Test("a state saved after drops loads and continues: freed slots are reused, not corrupt")
    func stateAfterDrops() throws {
        let (_, _, engine) = try run(BaselineDetector(model: Self.model), maxActors: 300)
        #expect(!engine.detector.freeSlots.isEmpty)
        #expect(engine.detector.slots.count <= 300)
        let restored = DetectionEngine(detector: BaselineDetector(model: Self.model), maxActors: 300) { _ in }
        try restored.restoreState(engine.encodeState())
        #expect(restored.actors.count == engine.actors.count)
        #expect(restored.detector.freeSlots.count == engine.detector.freeSlots.count)
        #expect(restored.detector.encodeState() == engine.detector.encodeState())
        // It goes on under the cap: a new wave of scanners sheds the restored actors, reusing their slots.
        let t0 = D.monday + 4 * 86_400
        let wave = (0..<500).map { i in
            "203.0.\(i / 250).\(i % 250) - - [\(D.stamp(t0 + Int64(i)))] \"POST /pub/site.git/git-upload-pack HTTP/1.1\" 200 512 \"-\" \"x\""
        }
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write(wave.joined(separator: "\n") + "\n", to: dir + "/more.log")
        var options = ScanOptions()
        options.maxActors = 300
        _ = BatchScanner(options: options, engine: restored).run(paths: [dir + "/more.log"])
        #expect(restored.actors.count <= 300)
        #expect(restored.droppedActors >= 200)
        #expect(restored.detector.slots.count <= engine.detector.slots.count + 1)
        #expect(restored.actors.lookup("ip:203.0.1.249") != nil)
    }

    @Test("static-rule presets honour the cap too")
    func staticRule() throws {
        let (summary, alerts, engine) = try run(StaticRuleDetector(rule: .elasticUserClones), maxActors: 300)
        #expect(engine.actors.count <= 300)
        #expect(summary.droppedActors > 3_600)
        #expect(alerts.map(\.actor) == ["alice"])
        #expect(alerts.first?.exampleSourceIPs == ["203.0.113.9"])
    }

    @Test("renumbering keeps the surviving keys and their order, and interning goes on after them")
    func internRetaining() {
        var table = InternTable(capacity: 4)
        for i in 0..<100 { _ = table.intern("key\(i)") }
        let remap = IdRemap(keeping: (0..<100).map { $0 % 3 == 0 })
        var kept = table.retaining(remap)
        #expect(kept.count == 34 && remap.survivors == 34)
        #expect(kept.lookup("key99") == 33 && kept.string(33) == "key99")
        #expect(kept.lookup("key3") == 1)
        #expect(kept.lookup("key4") == nil)
        #expect(kept.intern("fresh") == 34)
        #expect(remap.compacting(Array(0..<100)) == Array(stride(from: 0, to: 100, by: 3)))
    }

    @Test("renumbering a key table moves one dimension's ids and keeps every minute")
    func keyTableRenumber() {
        var pool = KeyTablePool()
        var ref = KeyTableRef.empty
        for id in 0..<20 as Range<UInt32> {
            _ = pool.touch(&ref, dim: 2, id: id, minute: Int32(100 + id), purgeBefore: .min)
            _ = pool.touch(&ref, dim: 0, id: id, minute: 7, purgeBefore: .min)
        }
        let remap = IdRemap(keeping: (0..<20).map { $0 >= 5 })
        var scratch: [UInt64] = []
        pool.renumber(&ref, dim: 2, remap, scratch: &scratch)
        let sources = pool.entries(ref, dim: 2, since: .min).sorted { $0.id < $1.id }
        #expect(sources.map(\.id) == Array(0..<15))
        #expect(sources.map(\.minute) == (5..<20).map { Int32(100 + $0) })
        #expect(pool.entries(ref, dim: 0, since: .min).count == 20)
        #expect(ref.dims[2] == 15)
        // A renumbered key is found again under its new id.
        #expect(pool.touch(&ref, dim: 2, id: 0, minute: 500, purgeBefore: .min) == 105)
    }
}
