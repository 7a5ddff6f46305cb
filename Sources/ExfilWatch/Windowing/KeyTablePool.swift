/// Where one actor's key table lives in a ``KeyTablePool`` (16 bytes). `dims` counts the stored keys of
/// each dimension (repositories, namespaces, sources), live or expired, for the switch to a sketch;
/// a dimension never holds more than `distinct.exact_limit` (≤ 60 000) keys, so 16 bits suffice.
struct KeyTableRef: Sendable, Equatable {
    var dims: SIMD4<UInt16> = .zero
    var base: UInt32 = .max
    var capacityLog2: UInt8 = 0

    static let empty = KeyTableRef()

    /// Stored keys.
    var used: Int { Int(dims[0]) + Int(dims[1]) + Int(dims[2]) + Int(dims[3]) }
}

/// The exact small sets behind the distinct counts: per actor, an open-addressing table from key
/// (dimension, interned id) to the minute of its latest touch.
///
/// Knowing a key's previous latest touch lets the caller move its latest-touch count from the old cell
/// to the new one (see ``LaneCounts``), which keeps every sliding window's distinct count exact.
/// Entries older than the actor's oldest cell are purged when the table would grow; past the model's
/// `distinct.exact_limit` keys of one dimension the caller switches that dimension to a
/// ``SlidingHyperLogLog``. An entry is one 64-bit word — dimension + 1 (2 bits), id (32 bits), minute
/// (26 bits, valid 1970 … 2097) — so a probe touches one cache line and each key costs 8 bytes; tables
/// hold 4 … 2^24 entries at load ≤ 3/4 (≤ 7/8 up to 8 entries).
struct KeyTablePool: Sendable {
    /// Packed entries, 0 for an empty slot.
    var entries: [UInt64] = []
    var free = BlockFreeList(classes: 25)

    static let minLog2 = 2
    static let minuteBits: UInt64 = 26
    static let minuteMask: UInt64 = (1 << 26) - 1

    /// Bytes of storage in use, free tables included (see ``CellPool/approximateBytes``).
    var approximateBytes: Int { entries.count * 8 + free.approximateBytes }

    /// The key part of an entry (dimension + 1 and id), shifted down.
    @inline(__always)
    static func key(dim: Int, id: UInt32) -> UInt64 { UInt64(dim + 1) << 32 | UInt64(id) }

    @inline(__always)
    static func pack(key: UInt64, minute: Int32) -> UInt64 {
        key << minuteBits | UInt64(clamping: min(max(0, Int64(minute)), Int64(minuteMask)))
    }

    @inline(__always)
    static func minute(_ entry: UInt64) -> Int32 { Int32(truncatingIfNeeded: entry & minuteMask) }

    @inline(__always)
    static func decode(_ entry: UInt64) -> (dim: Int, id: UInt32) {
        let k = entry >> minuteBits
        return (Int(k >> 32) - 1, UInt32(truncatingIfNeeded: k))
    }

    /// Most keys a table of `1 << log2` slots may hold before it is rebuilt.
    @inline(__always)
    static func maxUsed(log2: Int) -> Int {
        let cap = 1 << log2
        return cap <= 8 ? cap - 1 : cap - cap / 4
    }

    private mutating func allocate(log2: Int) -> UInt32 {
        if let b = free.pop(log2) {
            let base = Int(b)
            for i in base..<(base + (1 << log2)) { entries[i] = 0 }
            return b
        }
        let base = UInt32(entries.count)
        entries.reservePoolCapacity(adding: 1 << log2)
        entries.append(contentsOf: repeatElement(0, count: 1 << log2))
        return base
    }

    /// Releases a table. - Complexity: O(1).
    mutating func release(_ ref: inout KeyTableRef) {
        if ref.base != .max { free.push(ref.base, sizeClass: Int(ref.capacityLog2)) }
        ref = .empty
    }

    /// Records a touch of key (`dim`, `id`) at `minute` and returns the key's previous latest-touch
    /// minute (nil when the table did not hold it). The stored minute becomes the later of the two.
    /// When the table is full it is rebuilt without entries older than `purgeBefore`, growing if needed.
    /// - Complexity: O(1) expected; O(table) on a rebuild.
    mutating func touch(_ ref: inout KeyTableRef, dim: Int, id: UInt32, minute: Int32, purgeBefore: Int32) -> Int32? {
        let key = KeyTablePool.key(dim: dim, id: id)
        if ref.base == .max {
            ref.base = allocate(log2: KeyTablePool.minLog2)
            ref.capacityLog2 = UInt8(KeyTablePool.minLog2)
            ref.dims = .zero
        }
        var mask = (1 << Int(ref.capacityLog2)) - 1
        var base = Int(ref.base)
        let hash = Int(truncatingIfNeeded: mix64(key))
        var i = hash & mask
        while true {
            let e = entries[base + i]
            if e == 0 { break }
            if e >> KeyTablePool.minuteBits == key {
                let prev = KeyTablePool.minute(e)
                if minute > prev { entries[base + i] = KeyTablePool.pack(key: key, minute: minute) }
                return prev
            }
            i = (i + 1) & mask
        }
        if ref.used + 1 > KeyTablePool.maxUsed(log2: Int(ref.capacityLog2)) {
            rebuild(&ref, purgeBefore: purgeBefore, excludingDim: -1, extra: 1)
            mask = (1 << Int(ref.capacityLog2)) - 1
            base = Int(ref.base)
            i = hash & mask
            while entries[base + i] != 0 { i = (i + 1) & mask }
        }
        entries[base + i] = KeyTablePool.pack(key: key, minute: minute)
        ref.dims[dim] &+= 1
        return nil
    }

    /// Rebuilds a table without entries older than `purgeBefore` (and without dimension
    /// `excludingDim`), sized so the survivors plus `extra` fill at most half of it.
    mutating func rebuild(_ ref: inout KeyTableRef, purgeBefore: Int32, excludingDim: Int, extra: Int) {
        let oldBase = Int(ref.base)
        let oldCap = 1 << Int(ref.capacityLog2)
        func keep(_ e: UInt64) -> Bool {
            e != 0 && KeyTablePool.minute(e) >= purgeBefore && KeyTablePool.decode(e).dim != excludingDim
        }
        var live = 0
        for i in oldBase..<(oldBase + oldCap) where keep(entries[i]) { live += 1 }
        var log2 = KeyTablePool.minLog2
        while (live + extra) * 2 > (1 << log2) && log2 < 24 { log2 += 1 }
        let newBase = Int(allocate(log2: log2))
        let mask = (1 << log2) - 1
        var dims = SIMD4<UInt16>.zero
        for i in oldBase..<(oldBase + oldCap) where keep(entries[i]) {
            let e = entries[i]
            var j = Int(truncatingIfNeeded: mix64(e >> KeyTablePool.minuteBits)) & mask
            while entries[newBase + j] != 0 { j = (j + 1) & mask }
            entries[newBase + j] = e
            dims[KeyTablePool.decode(e).dim] &+= 1
        }
        free.push(UInt32(oldBase), sizeClass: Int(ref.capacityLog2))
        ref.base = UInt32(newBase)
        ref.capacityLog2 = UInt8(log2)
        ref.dims = dims
    }

    /// The stored keys of dimension `dim` touched at or after `since`, with their minutes.
    /// Allocates; used when alerting or switching a dimension to a sketch.
    func entries(_ ref: KeyTableRef, dim: Int, since: Int32) -> [(id: UInt32, minute: Int32)] {
        guard ref.base != .max else { return [] }
        var out: [(id: UInt32, minute: Int32)] = []
        let base = Int(ref.base)
        for i in base..<(base + (1 << Int(ref.capacityLog2))) {
            let e = entries[i]
            guard e != 0, KeyTablePool.minute(e) >= since else { continue }
            let (d, id) = KeyTablePool.decode(e)
            if d == dim { out.append((id, KeyTablePool.minute(e))) }
        }
        return out
    }
}
