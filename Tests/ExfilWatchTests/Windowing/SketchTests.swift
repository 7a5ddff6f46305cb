import Testing

@testable import ExfilWatch

@Suite("Sketches and filters")
struct SketchTests {
    @Test("HyperLogLog error within the documented bound on 100k distinct values")
    func hyperLogLog() {
        let precision = BaselineModel.shipped.distinct.hllPrecision
        var sketch = SlidingHyperLogLog(precision: precision, slots: BaselineModel.shipped.distinct.hllSlots)
        let n = 100_000
        for i in 0..<n {
            // Each value twice, and spread over a day of minutes.
            let minute = Int32(29_000_000 + i % 1440)
            sketch.insert(hash: mix64(UInt64(i)), minute: minute)
            sketch.insert(hash: mix64(UInt64(i)), minute: minute)
        }
        let bound = 3 * SlidingHyperLogLog.standardError(precision: precision)
        let estimate = sketch.estimate(from: 29_000_000)
        #expect(abs(estimate - Double(n)) / Double(n) < bound, "\(estimate)")
        // The sliding part: the last 60 minutes hold 1/24 of the values.
        let recent = sketch.estimate(from: 29_000_000 + 1380)
        let expected = Double(n) * 60 / 1440
        #expect(abs(recent - expected) / expected < bound, "\(recent) vs \(expected)")
        #expect(sketch.estimate(from: 29_001_440) == 0)
    }

    @Test("small sets count exactly via linear counting range")
    func small() {
        var sketch = SlidingHyperLogLog(precision: 10, slots: 8)
        for i in 0..<50 { sketch.insert(hash: mix64(UInt64(i) &* 7919), minute: 100) }
        #expect(abs(sketch.estimate(from: 0) - 50) <= 2)
    }

    @Test("novelty filter: no false negatives, false positives within the bound, memory grows with use")
    func bloom() {
        let rate = BaselineModel.shipped.novelty.falsePositiveRate
        var pool = NoveltyFilterPool(initialBits: 64, falsePositiveRate: rate)
        var ref = NoveltyRef()
        for id in 0..<3 { pool.insert(&ref, UInt32(id)) }
        #expect(pool.blockWords(layers: Int(ref.layers)) == 1, "three repositories fit one word")
        for id in 3..<10_000 { pool.insert(&ref, UInt32(id)) }
        for id in 0..<10_000 { #expect(pool.contains(ref, UInt32(id))) }
        var falsePositives = 0
        let queries = 100_000
        for id in 1_000_000..<(1_000_000 + queries) where pool.contains(ref, UInt32(id)) { falsePositives += 1 }
        let observed = Double(falsePositives) / Double(queries)
        #expect(observed <= rate, "\(observed)")
        let bitsPerItem = Double(pool.blockWords(layers: Int(ref.layers)) * 64) / 10_000
        #expect(bitsPerItem < 40, "\(bitsPerItem) bits per repository")
    }

    @Test("key tables return the previous touch and purge expired keys when they grow")
    func keyTable() {
        var pool = KeyTablePool()
        var ref = KeyTableRef.empty
        #expect(pool.touch(&ref, dim: 0, id: 7, minute: 100, purgeBefore: 0) == nil)
        #expect(pool.touch(&ref, dim: 1, id: 7, minute: 101, purgeBefore: 0) == nil)
        #expect(pool.touch(&ref, dim: 0, id: 7, minute: 105, purgeBefore: 0) == 100)
        #expect(pool.touch(&ref, dim: 0, id: 7, minute: 103, purgeBefore: 0) == 105, "latest touch kept")
        for id in 0..<1000 { _ = pool.touch(&ref, dim: 2, id: UInt32(id), minute: 200, purgeBefore: 150) }
        // Keys at minutes 101 and 105 were purged by a rebuild.
        #expect(pool.touch(&ref, dim: 0, id: 7, minute: 300, purgeBefore: 150) == nil)
        #expect(ref.dims[2] == 1000)
        #expect(pool.entries(ref, dim: 2, since: 0).count == 1000)
    }
}
