import Testing

@testable import ExfilWatch

@Suite("Memory per actor")
struct MemoryTests {
    /// 5 000 scanners, each seen three times (three clones of distinct repositories, one namespace,
    /// one address). The 1M-actor peak is measured end to end by `Benchmarks/e2e.sh --mode actors`.
    @Test("an actor seen three times costs about 400 bytes; idle actors shed their windows")
    func scanners() {
        var detector = BaselineDetector(model: .shipped)
        let actors = 5000
        var t = SyntheticStream.start
        for a in 0..<actors {
            if a % 20 == 0 { t += 1 }
            for k in 0..<3 {
                detector.observe(
                    Observation(
                        time: t, actor: UInt32(a), action: .clone, resource: UInt32(1000 + (a + k * 7) % 5000),
                        namespace: UInt32(a % 50), source: UInt32(50_000 + a), bytes: 1_000_000)
                ) { _ in }
            }
        }
        #expect(detector.actorCount == actors)
        // What the actors hold (sizes in use, not the pools' spare capacity).
        let slot =
            MemoryLayout<SlotState>.stride + MemoryLayout<ActorState>.stride
            + detector.scaleCount * (BaselineDetector.baselineStride + 1) * 4
        #expect(MemoryLayout<SlotState>.stride == 64)
        let first = detector.slots[0]
        let cells = Int(first.cells.count) * MemoryLayout<CellPool.Cell>.stride
        let keys = (1 << Int(first.keys.capacityLog2)) * 8
        let novelty = detector.noveltyPool.blockWords(layers: Int(first.novelty.layers)) * 8
        let perActor = slot + cells + keys + novelty
        #expect(
            perActor <= 420,
            "\(perActor) bytes: slot+baselines \(slot), cells \(cells), keys \(keys), novelty \(novelty)")
        // Held, including the detector's other tables' growth slack (their capacities come from the
        // allocator's usable sizes, which depend on the heap left by earlier tests).
        let allocated = detector.approximateBytes() / actors
        #expect(allocated < 640, "\(allocated)")
        // Two days later the windows are gone: cells and keys return to the pools.
        detector.advance(to: t + 2 * SyntheticStream.day) { _ in }
        #expect(detector.evictIdle(olderThan: t + 2 * SyntheticStream.day) == actors)
        #expect(detector.slots.allSatisfy { $0.cells == .empty && $0.keys == .empty })
        #expect(detector.cellPool.free.lists[0].count == actors)
    }

    @Test("web-only actors cost only their 12-byte entry")
    func webOnly() {
        var detector = BaselineDetector(model: .shipped)
        for a in 0..<10_000 {
            detector.observe(Observation(time: SyntheticStream.start, actor: UInt32(a), action: .other)) { _ in }
        }
        #expect(detector.slots.isEmpty)
        #expect(MemoryLayout<ActorState>.stride == 12)
    }
}
