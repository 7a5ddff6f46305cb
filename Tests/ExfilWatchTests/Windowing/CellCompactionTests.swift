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

    /// Maintenance compacts the same list again and again as the clock moves, with new events after
    /// each. Each pass must leave the list as the first test's check demands, with levels never rising
    /// from older to newer cells (the oldest cells are the coarsest).
    @Test("repeated compaction as the clock advances: levels ordered, every due merge done, counts kept")
    func repeatedPasses() {
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<200 {
            var pool = CellPool(levelMinutes: Self.levels)
            var ref = CellListRef.empty
            var clock: Int32 = 29_000_000 + Int32(trial) * 13
            var added: [(minute: Int32, count: UInt32)] = []
            var c2 = clock - 1_000
            for pass in 0..<60 {
                for _ in 0..<Int.random(in: 0...6, using: &rng) {
                    let m = clock + Int32.random(in: 0..<15, using: &rng)
                    var delta = LaneCounts.zero
                    delta.counts[0] = UInt32.random(in: 1...5, using: &rng)
                    added.append((m, delta.counts[0]))
                    pool.add(&ref, minute: m, delta: delta)
                }
                clock += Int32.random(in: 1...40, using: &rng)
                c2 = max(c2, clock - 1_440 + Int32.random(in: 0...1_200, using: &rng))
                let c1 = max(c2, clock - 60 + Int32.random(in: 0...50, using: &rng))
                let c0 = max(c1, clock - 10 + Int32.random(in: 0...10, using: &rng))
                pool.compact(&ref, cutoffs: [c0, c1, c2])

                var kept: UInt32 = 0
                var previousLevel = 2
                let count = ref.base == .max ? 0 : Int(ref.count)
                for i in 0..<count {
                    let cell = pool.cells[Int(ref.base) + i]
                    let level = Int(cell.level)
                    #expect(level <= previousLevel, "trial \(trial) pass \(pass): level rises at cell \(i)")
                    previousLevel = level
                    kept += cell.counts[0]
                    if level < 2 {
                        let next = Self.levels[level + 1]
                        let bucketEnd = EventTime.floorDiv(cell.start, next) * next + next
                        #expect(bucketEnd > [c0, c1][level], "trial \(trial) pass \(pass): cell \(cell.start) kept")
                    } else {
                        #expect(cell.start + 60 > c2, "trial \(trial) pass \(pass): top cell \(cell.start) kept")
                    }
                }
                let expected = added.filter { EventTime.floorDiv($0.minute, 60) * 60 + 60 > c2 }
                    .reduce(0) { $0 + $1.count }
                #expect(kept == expected, "trial \(trial) pass \(pass)")
            }
        }
    }

    /// Closing windows sums them oldest first with a cursor carried from window to window; every window
    /// must get what a plain walk over the list gives, whether the windows are consecutive or far apart.
    @Test("window sums with a cursor equal a plain walk, for consecutive and skipping windows")
    func cursorSums() {
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<200 {
            var pool = CellPool(levelMinutes: Self.levels)
            var ref = CellListRef.empty
            let start: Int32 = 29_000_000 + Int32(trial) * 11
            for m in (0..<Int.random(in: 1...80, using: &rng)).map({ _ in
                start + Int32.random(in: 0..<1_500, using: &rng)
            }).sorted() {
                var delta = LaneCounts.zero
                delta.counts[0] = 1
                pool.add(&ref, minute: m, delta: delta)
            }
            let c2 = start + Int32.random(in: 0...600, using: &rng)
            let c1 = c2 + Int32.random(in: 0...300, using: &rng)
            pool.compact(&ref, cutoffs: [c1 + Int32.random(in: 0...300, using: &rng), c1, c2])
            for width: Int32 in [10, 60, 1_440] {
                var cursor = 0
                var from = EventTime.floorDiv(start - 100, width) * width
                while from < start + 1_600 {
                    let got = pool.sum(ref, from: from, to: from + width, cursor: &cursor)
                    let want = pool.sum(ref, from: from, to: from + width)
                    #expect(got == want, "trial \(trial): window \(width) at \(from)")
                    from += width * Int32.random(in: 1...4, using: &rng)
                }
            }
        }
    }
}
