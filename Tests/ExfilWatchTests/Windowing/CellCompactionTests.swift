import Testing

@testable import ExfilWatch

/// ``CellPool/compact(_:cutoffs:)``: cells move up a level exactly when their bucket of the next level
/// has ended by the cutoff, top-level cells leave exactly when they have ended, and no count is lost.
@Suite("Window cells: compaction")
struct CellCompactionTests {
    /// The shipped model's levels: 1-minute, 5-minute and 60-minute cells.
    static let levels: [Int32] = [1, 5, 60]

    @Test("every cell that may move up does, at every cutoff; top cells leave when ended; counts kept")
    func boundaries() {
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<400 {
            var pool = CellPool(levelMinutes: Self.levels)
            var ref = CellListRef.empty
            let start: Int32 = 29_000_000 + Int32(trial) * 7
            var added: [(minute: Int32, count: UInt32)] = []
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                let m = start + Int32.random(in: 0..<300, using: &rng)
                added.append((m, UInt32.random(in: 1...5, using: &rng)))
            }
            for (m, n) in added.sorted(by: { $0.minute < $1.minute }) {
                var delta = LaneCounts.zero
                delta.counts[0] = n
                pool.add(&ref, minute: m, delta: delta)
            }
            // Cutoffs as maintenance passes them: finer levels' at or after coarser levels'.
            let c2 = start + Int32.random(in: 0...300, using: &rng)
            let c1 = c2 + Int32.random(in: 0...60, using: &rng)
            let c0 = c1 + Int32.random(in: 0...20, using: &rng)
            let cutoffs = [c0, c1, c2]
            pool.compact(&ref, cutoffs: cutoffs)

            var kept: UInt32 = 0
            let count = ref.base == .max ? 0 : Int(ref.count)
            for i in 0..<count {
                let cell = pool.cells[Int(ref.base) + i]
                let level = Int(cell.level)
                kept += cell.counts[0]
                if level < 2 {
                    let next = Self.levels[level + 1]
                    let bucketEnd = EventTime.floorDiv(cell.start, next) * next + next
                    #expect(bucketEnd > cutoffs[level], "trial \(trial): level-\(level) cell at \(cell.start) kept")
                } else {
                    #expect(cell.start + 60 > c2, "trial \(trial): top cell at \(cell.start) kept after its end")
                }
            }
            // What was added minus what lay in hours that ended by the top cutoff.
            let expected = added.filter { EventTime.floorDiv($0.minute, 60) * 60 + 60 > c2 }.reduce(0) { $0 + $1.count }
            #expect(kept == expected, "trial \(trial)")
        }
    }
}
