import Testing

@testable import ExfilWatch

/// Sliding-window counts of the detector against a brute-force recount of the events, with events
/// arriving out of order within the allowed lateness.
@Suite("Window counting")
struct WindowCountingTests {
    static let t0: Int64 = 1_736_121_600

    /// A few hours of one actor's transfers over 30 repositories, 5 namespaces and 4 addresses, jittered
    /// by up to `jitter` seconds and delivered in arrival order.
    static func stream(seed: UInt64, count: Int, jitter: Int64) -> [Observation] {
        var random = TestRandom(seed: seed)
        var out: [(arrival: Int64, o: Observation)] = []
        var t = t0
        let actions: [ActionClass] = [.clone, .fetch, .lfs, .archive, .export, .other]
        for _ in 0..<count {
            t += Int64(random.int(20))
            let repo = random.int(30)
            let o = Observation(
                time: t - Int64(random.int(Int(jitter) + 1)), actor: 3, action: actions[random.int(actions.count)],
                resource: UInt32(1000 + repo), namespace: UInt32(repo % 5), source: UInt32(50_000 + random.int(4)),
                bytes: Int64(random.int(3_000_000)))
            out.append((t, o))
        }
        return out.map(\.o)
    }

    /// Counts of the events seen so far inside `[from, to)` minutes, as the detector's lanes.
    static func brute(_ seen: [Observation], from: Int32, to: Int32, unit: Int64) -> LaneCounts {
        var sums = LaneCounts.zero
        var repos = Set<UInt32>()
        var namespaces = Set<UInt32>()
        var sources = Set<UInt32>()
        var firstArrival: [UInt32: Int32] = [:]
        for o in seen where o.action.isTransferOut {
            let m = EventTime.minute(ofSeconds: o.time)
            if firstArrival[o.resource] == nil { firstArrival[o.resource] = m }
            guard m >= from && m < to else { continue }
            sums.counts[Int(o.action.rawValue)] += 1
            sums.counts[LaneCounts.bytesLane] += UInt32((o.bytes + unit / 2) / unit)
            repos.insert(o.resource)
            namespaces.insert(o.namespace)
            sources.insert(o.source)
        }
        sums.distinct[LaneCounts.reposLane] = UInt32(repos.count)
        sums.distinct[LaneCounts.namespacesLane] = UInt32(namespaces.count)
        sums.distinct[LaneCounts.sourcesLane] = UInt32(sources.count)
        sums.distinct[LaneCounts.newReposLane] = UInt32(firstArrival.values.filter { $0 >= from && $0 < to }.count)
        return sums
    }

    @Test("running windows of every scale equal a recount, with out-of-order events", arguments: [1, 2, 3])
    func exactCounts(seed: Int) {
        let events = WindowCountingTests.stream(seed: UInt64(seed), count: 2500, jitter: 500)
        // Novelty is exact up to the filter's false positives; make those negligible here.
        var model = BaselineModel.shipped
        model.novelty.falsePositiveRate = 1e-6
        var detector = BaselineDetector(model: model)
        var seen: [Observation] = []
        var checks = 0
        for (i, e) in events.enumerated() {
            detector.observe(e) { _ in }
            seen.append(e)
            guard i % 97 == 96, let slot = detector.actors[3].slot as UInt32?, slot != BaselineDetector.noSlot else {
                continue
            }
            let sums = detector.cellPool.runningSums(
                detector.slots[Int(slot)].cells, starts: detector.runStart, scales: detector.scaleCount)
            for s in 0..<detector.scaleCount {
                let expected = WindowCountingTests.brute(
                    seen, from: detector.runStart[s], to: detector.runEnd[s], unit: BaselineModel.shipped.bytesUnit)
                #expect(sums[s] == expected, "event \(i) scale \(s)")
                checks += 1
            }
        }
        #expect(detector.lateEvents == 0)
        #expect(checks > 60)
    }

    @Test("events within the lateness count; later ones are dropped")
    func lateness() {
        let inOrder = WindowCountingTests.stream(seed: 9, count: 400, jitter: 0)
        var shuffled = inOrder
        // Swap neighbours so that some events arrive up to 9 minutes late.
        var random = TestRandom(seed: 5)
        for i in stride(from: 0, to: shuffled.count - 30, by: 30) {
            let j = i + 1 + random.int(25)
            shuffled.swapAt(i, j)
        }
        var a = BaselineDetector(model: .shipped)
        var b = BaselineDetector(model: .shipped)
        for e in inOrder { a.observe(e) { _ in } }
        for e in shuffled { b.observe(e) { _ in } }
        #expect(b.lateEvents == 0)
        for s in 0..<3 {
            let sa = a.cellPool.runningSums(a.slots[0].cells, starts: a.runStart, scales: 3)[s]
            let sb = b.cellPool.runningSums(b.slots[0].cells, starts: b.runStart, scales: 3)[s]
            #expect(sa == sb, "scale \(s)")
        }
        let last = inOrder.last!.time
        b.observe(Observation(time: last - 601, actor: 3, action: .clone, resource: 1001)) { _ in }
        #expect(b.lateEvents == 1)
        b.observe(Observation(time: last - 599, actor: 3, action: .clone, resource: 1001)) { _ in }
        #expect(b.lateEvents == 1)
    }

    @Test("cells are merged and dropped as windows close, without changing any window's sum")
    func compaction() {
        var detector = BaselineDetector(model: .shipped)
        let events = WindowCountingTests.stream(seed: 4, count: 6000, jitter: 0)
        for e in events { detector.observe(e) { _ in } }
        let ref = detector.slots[0].cells
        // A day of activity every few seconds: far fewer cells than minutes.
        #expect(Int(ref.count) < 70)
        var levels = Set<UInt8>()
        for i in Int(ref.base)..<(Int(ref.base) + Int(ref.count)) { levels.insert(detector.cellPool.cells[i].level) }
        #expect(levels == [0, 1, 2])
        // Quiet for two days: every cell and key goes.
        detector.observe(Observation(time: events.last!.time + 3 * 86_400, actor: 3, action: .clone, resource: 1)) {
            _ in
        }
        #expect(detector.slots[0].cells.count == 1)
    }
}
