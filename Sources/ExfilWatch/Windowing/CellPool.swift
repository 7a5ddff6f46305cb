/// Where one actor's cells live in a ``CellPool``: a block of `1 << sizeClass` slots, of which the
/// first `count` hold cells sorted by start minute. `base == .max` means no block.
struct CellListRef: Sendable, Equatable {
    var base: UInt32 = .max
    var sizeClass: UInt8 = 0
    var count: UInt16 = 0

    static let empty = CellListRef()
}

/// Flat storage of every actor's sparse, hierarchical time cells.
///
/// A cell is one bucket of some level: level `i` has the bucket length of scale `i` (1 min, 5 min,
/// 1 h with the shipped model). New events go to level-0 cells; ``compact(_:cutoffs:)`` merges cells
/// into the next level once no window of their level can still need them, and drops top-level cells
/// that left every window. So an actor holds only cells where it did something: a scanner seen three
/// times in a minute holds one cell (64 bytes); a busy actor at most about 20 + 15 + 26 cells.
///
/// Window sums are computed on demand by walking the few cells backwards from the newest, which is
/// cheaper than keeping running sums per scale and needs no per-scale state.
struct CellPool: Sendable {
    /// One bucket's counters: 64 bytes, one cache line.
    struct Cell: Sendable, Equatable {
        var counts: SIMD8<UInt32>
        var distinct: SIMD4<UInt32>
        /// Start minute.
        var start: Int32
        /// Level (index of the scale whose bucket length the cell spans).
        var level: UInt8

        static let empty = Cell(counts: .zero, distinct: .zero, start: 0, level: 0)
    }

    var cells: [Cell] = []
    var free = BlockFreeList(classes: CellPool.maxClass + 1)
    /// Cell length of each level, minutes.
    let levelMinutes: [Int32]

    /// Largest block: 2048 cells (a model with 1440 one-minute buckets in a window needs them).
    static let maxClass = 11

    init(levelMinutes: [Int32]) {
        self.levelMinutes = levelMinutes
    }

    /// Bytes of storage in use, free blocks included. Spare capacity is not counted: past the pool's
    /// reservation (``Swift/Array/reservePoolCapacity(adding:)``) it is address space, resident only
    /// once written.
    var approximateBytes: Int {
        cells.count * MemoryLayout<Cell>.stride + free.approximateBytes
    }

    // MARK: Blocks

    mutating func allocate(sizeClass: Int) -> UInt32 {
        if let b = free.pop(sizeClass) { return b }
        let base = UInt32(cells.count)
        cells.reservePoolCapacity(adding: 1 << sizeClass)
        cells.append(contentsOf: repeatElement(.empty, count: 1 << sizeClass))
        return base
    }

    /// Releases a list's block. - Complexity: O(1).
    mutating func release(_ ref: inout CellListRef) {
        if ref.base != .max { free.push(ref.base, sizeClass: Int(ref.sizeClass)) }
        ref = .empty
    }

    /// Moves a list into a block of `sizeClass`, copying its cells.
    private mutating func move(_ ref: inout CellListRef, toClass sizeClass: Int) {
        let newBase = allocate(sizeClass: sizeClass)
        let old = Int(ref.base)
        let nb = Int(newBase)
        for i in 0..<Int(ref.count) { cells[nb + i] = cells[old + i] }
        free.push(ref.base, sizeClass: Int(ref.sizeClass))
        ref.base = newBase
        ref.sizeClass = UInt8(sizeClass)
    }

    // MARK: Counting

    /// Adds `delta` to the cell containing `minute`, creating a level-0 cell when none does.
    /// - Complexity: O(1) for in-order events (the newest cell); O(cells) for a late one.
    mutating func add(_ ref: inout CellListRef, minute: Int32, delta: LaneCounts) {
        if ref.base == .max {
            ref.base = allocate(sizeClass: 0)
            ref.sizeClass = 0
            ref.count = 0
        }
        let base = Int(ref.base)
        var i = Int(ref.count) - 1
        while i >= 0 && cells[base + i].start > minute { i -= 1 }
        if i >= 0 && minute < cells[base + i].start &+ levelMinutes[Int(cells[base + i].level)] {
            cells[base + i].counts &+= delta.counts
            cells[base + i].distinct &+= delta.distinct
            return
        }
        if Int(ref.count) == 1 << Int(ref.sizeClass) {
            precondition(Int(ref.sizeClass) < CellPool.maxClass, "cell list overflow")
            move(&ref, toClass: Int(ref.sizeClass) + 1)
        }
        let b = Int(ref.base)
        let at = i + 1
        var j = Int(ref.count)
        while j > at {
            cells[b + j] = cells[b + j - 1]
            j -= 1
        }
        let len0 = levelMinutes[0]
        cells[b + at] = Cell(
            counts: delta.counts, distinct: delta.distinct, start: EventTime.floorDiv(minute, len0) * len0, level: 0)
        ref.count += 1
    }

    /// Index (absolute) of the cell containing `minute`, or nil. - Complexity: O(cells).
    func cellIndex(_ ref: CellListRef, containing minute: Int32) -> Int? {
        guard ref.base != .max else { return nil }
        let base = Int(ref.base)
        var i = Int(ref.count) - 1
        while i >= 0 && cells[base + i].start > minute { i -= 1 }
        guard i >= 0, minute < cells[base + i].start &+ levelMinutes[Int(cells[base + i].level)] else { return nil }
        return base + i
    }

    /// Moves one latest-touch count of `lane` out of the cell containing `minute` (when that cell is
    /// still kept). Used when a key is touched again in a later cell.
    mutating func decrementDistinct(_ ref: CellListRef, minute: Int32, lane: Int) {
        guard let i = cellIndex(ref, containing: minute) else { return }
        if cells[i].distinct[lane] > 0 { cells[i].distinct[lane] -= 1 }
    }

    /// Sum of the cells whose start lies in `[from, to)`. - Complexity: O(cells in range + 1).
    func sum(_ ref: CellListRef, from: Int32, to: Int32) -> LaneCounts {
        var total = LaneCounts.zero
        guard ref.base != .max else { return total }
        let base = Int(ref.base)
        var i = Int(ref.count) - 1
        while i >= 0 {
            let cell = cells[base + i]
            if cell.start < from { break }
            if cell.start < to {
                total.counts &+= cell.counts
                total.distinct &+= cell.distinct
            }
            i -= 1
        }
        return total
    }

    /// The sum of cells starting in `[from, to)`, scanning forward from `cursor`, for windows visited in
    /// increasing order: `cursor` starts at 0 and is left at the first cell starting at or after `to`,
    /// so closing `n` consecutive windows over `c` cells costs O(n + c) instead of O(n · c).
    func sum(_ ref: CellListRef, from: Int32, to: Int32, cursor: inout Int) -> LaneCounts {
        var total = LaneCounts.zero
        guard ref.base != .max else { return total }
        let base = Int(ref.base)
        let n = Int(ref.count)
        while cursor < n && cells[base + cursor].start < from { cursor += 1 }
        while cursor < n && cells[base + cursor].start < to {
            total.counts &+= cells[base + cursor].counts
            total.distinct &+= cells[base + cursor].distinct
            cursor += 1
        }
        return total
    }

    /// Start minute of the cell at `index` of the list, nil past its end.
    func start(_ ref: CellListRef, at index: Int) -> Int32? {
        guard ref.base != .max, index < Int(ref.count) else { return nil }
        return cells[Int(ref.base) + index].start
    }

    /// Sums of the running windows of `scales` scales at once: cells whose start is at or after
    /// `starts[s]` (no cell lies after the clock, so the windows' ends need no test). The running windows
    /// are nested (a finer scale's starts later, see ``ScaleGeometry``), so one accumulator walks back
    /// from the newest cell and is copied out as each scale's start is passed.
    /// - Complexity: O(cells in the longest window), one compare and one vector add per cell.
    func runningSums(_ ref: CellListRef, starts: [Int32], scales: Int) -> ScaleSums {
        var sums = ScaleSums()
        guard ref.base != .max else { return sums }
        let base = Int(ref.base)
        var acc = LaneCounts.zero
        var s = 0
        var bound = starts[0]
        var i = Int(ref.count) - 1
        while i >= 0 {
            let c = cells[base + i]
            while c.start < bound {
                sums[s] = acc
                s += 1
                if s == scales { return sums }
                bound = starts[s]
            }
            acc.counts &+= c.counts
            acc.distinct &+= c.distinct
            i -= 1
        }
        while s < scales {
            sums[s] = acc
            s += 1
        }
        return sums
    }

    /// Start minute of the oldest cell, or nil when the list is empty.
    func firstStart(_ ref: CellListRef) -> Int32? {
        guard ref.base != .max, ref.count > 0 else { return nil }
        return cells[Int(ref.base)].start
    }

    /// Start minute of the newest cell, or nil when the list is empty.
    func lastStart(_ ref: CellListRef) -> Int32? {
        guard ref.base != .max, ref.count > 0 else { return nil }
        return cells[Int(ref.base) + Int(ref.count) - 1].start
    }

    /// End minute (exclusive) of the newest cell, or nil when the list is empty.
    func lastEnd(_ ref: CellListRef) -> Int32? {
        guard ref.base != .max, ref.count > 0 else { return nil }
        let c = cells[Int(ref.base) + Int(ref.count) - 1]
        return c.start + levelMinutes[Int(c.level)]
    }

    // MARK: Compaction

    /// Merges cells of level `i` into level `i + 1` when the level-`i + 1` bucket containing them ends
    /// at or before `cutoffs[i]`, and drops top-level cells that end at or before `cutoffs[top]`.
    /// Shrinks or releases the block as the list empties.
    ///
    /// Callers pass, per level, the earlier of the end of the last closed learning window and the start
    /// of the running window, so no window that can still be read loses resolution.
    /// - Complexity: O(cells).
    mutating func compact(_ ref: inout CellListRef, cutoffs: [Int32]) {
        guard ref.base != .max else { return }
        let top = levelMinutes.count - 1
        // A cell of level `lv < top` moves up exactly when its start lies before the start of the
        // level-`lv + 1` bucket that holds `cutoffs[lv]` (⌊s/len⌋·len + len ≤ cutoff ⟺ s < ⌊cutoff/len⌋·len),
        // so most cells, the recent ones, are settled by one comparison instead of a division.
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(1, top)) { mergeBefore in
            for lv in 0..<top {
                let len = Int64(levelMinutes[lv + 1])
                mergeBefore[lv] = EventTime.floorDiv(Int64(cutoffs[lv]), len) * len
            }
            compact(&ref, cutoffs: cutoffs, mergeBefore: UnsafeBufferPointer(mergeBefore))
        }
    }

    private mutating func compact(
        _ ref: inout CellListRef, cutoffs: [Int32], mergeBefore: UnsafeBufferPointer<Int64>
    ) {
        let base = Int(ref.base)
        let top = levelMinutes.count - 1
        var w = 0
        for r in 0..<Int(ref.count) {
            var st = cells[base + r].start
            var lv = Int(cells[base + r].level)
            let settled =
                lv == top
                ? Int64(st) + Int64(levelMinutes[top]) > Int64(cutoffs[top]) : Int64(st) >= mergeBefore[lv]
            if settled && !(w > 0 && cells[base + w - 1].start == st && Int(cells[base + w - 1].level) == lv) {
                if w != r { cells[base + w] = cells[base + r] }
                w += 1
                continue
            }
            var dropped = false
            while true {
                if lv == top {
                    dropped = st &+ levelMinutes[top] <= cutoffs[top]
                    break
                }
                let len = levelMinutes[lv + 1]
                let groupStart = EventTime.floorDiv(st, len) * len
                guard groupStart &+ len <= cutoffs[lv] else { break }
                st = groupStart
                lv += 1
            }
            if dropped { continue }
            if w > 0 && cells[base + w - 1].start == st && Int(cells[base + w - 1].level) == lv {
                cells[base + w - 1].counts &+= cells[base + r].counts
                cells[base + w - 1].distinct &+= cells[base + r].distinct
            } else {
                var c = cells[base + r]
                c.start = st
                c.level = UInt8(lv)
                cells[base + w] = c
                w += 1
            }
        }
        ref.count = UInt16(w)
        if w == 0 {
            release(&ref)
        } else if ref.sizeClass > 1 && w * 8 <= 1 << Int(ref.sizeClass) {
            var c = 0
            while (1 << c) < w * 2 { c += 1 }
            move(&ref, toClass: c)
        }
    }
}
