/// Growth of the detector's flat pools (``CellPool``, ``KeyTablePool``, ``NoveltyFilterPool``).
///
/// Why: a pool that grows by doubling copies its blocks at every step, and each copy lands on fresh
/// pages that fault in one by one; on a 420 MiB log those faults and copies were up to a tenth of the
/// detection thread. Once a pool holds ``poolReserveThreshold`` bytes it reserves
/// ``poolReservation`` bytes at once instead: the allocator maps that much address space, but a page
/// becomes resident only when a block is first written to it, so memory in use does not change while
/// the copies and repeated faults of the doublings in between go. Past the reservation it doubles
/// again.
extension Array {
    /// Bytes a pool must hold before it reserves ``poolReservation``: small detectors (tests, short
    /// inputs) keep growing by doubling.
    static var poolReserveThreshold: Int { 1 << 20 }
    /// Bytes of address space reserved at once: 64 MiB.
    static var poolReservation: Int { 64 << 20 }

    /// Makes room for `n` more elements: at least double the capacity, and the whole reservation once
    /// the pool is past the threshold. - Complexity: O(count) when it grows, else O(1).
    @inline(__always)
    mutating func reservePoolCapacity(adding n: Int) {
        let needed = count + n
        guard needed > capacity else { return }
        growPool(to: needed)
    }

    @inline(never)
    private mutating func growPool(to needed: Int) {
        let stride = Swift.max(1, MemoryLayout<Element>.stride)
        var target = Swift.max(needed, capacity * 2)
        if needed * stride >= Self.poolReserveThreshold { target = Swift.max(target, Self.poolReservation / stride) }
        reserveCapacity(target)
    }
}
