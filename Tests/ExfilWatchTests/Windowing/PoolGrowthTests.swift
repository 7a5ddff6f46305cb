import Testing

@testable import ExfilWatch

@Suite("Windowing: pool growth")
struct PoolGrowthTests {
    @Test("a pool doubles while small, reserves 64 MiB once past 1 MiB, then doubles again; contents stay")
    func growth() {
        var words: [UInt64] = []
        var capacities: [Int] = []
        var last = -1
        for i in 0..<(9 << 20) {
            words.reservePoolCapacity(adding: 1)
            words.append(UInt64(i))
            if words.capacity != last {
                capacities.append(words.capacity)
                last = words.capacity
            }
        }
        let reservation = (64 << 20) / 8
        // Doubling (or more: the allocator rounds up) below the threshold of 1 MiB = 131,072 words.
        let small = capacities.filter { $0 < reservation }
        #expect(zip(small, small.dropFirst()).allSatisfy { $1 >= 2 * $0 })
        #expect(small.last! < (1 << 20) / 8 * 2)
        // One jump to the reservation, no steps in between, then doubling past it.
        let large = capacities.filter { $0 >= reservation }
        #expect(large.count == 2)
        #expect(large[0] >= reservation && large[0] < reservation + reservation / 64)
        #expect(large[1] >= 2 * large[0])
        #expect(words.count == 9 << 20 && words[0] == 0 && words[(1 << 20) + 7] == UInt64((1 << 20) + 7))
        #expect(words.last == UInt64((9 << 20) - 1))
    }

    @Test("a pool's bytes count the blocks in use, not the reserved capacity")
    func accounting() {
        // 3,000 actors' tables of 60 keys each: 128 slots apiece when done, 3 MiB in use with the
        // smaller tables each one outgrew.
        var pool = KeyTablePool()
        var refs = [KeyTableRef](repeating: .empty, count: 3000)
        for id in 0..<60 {
            for a in refs.indices { _ = pool.touch(&refs[a], dim: 0, id: UInt32(id), minute: 1, purgeBefore: 0) }
        }
        #expect(refs.allSatisfy { $0.capacityLog2 == 7 })
        #expect(pool.entries.capacity * 8 >= 64 << 20)
        #expect(pool.approximateBytes >= 3000 * 128 * 8)
        #expect(pool.approximateBytes < 8 << 20, "\(pool.approximateBytes)")
    }
}
