/// Free lists of released blocks, one list per size class, for the flat pools of per-actor storage
/// (``CellPool``, ``KeyTablePool``, ``NoveltyFilterPool``).
///
/// A pool hands out blocks of `1 << sizeClass` slots (or another size per class) at offsets into its
/// flat arrays; a released block goes on its class's list and is reused before the arrays grow, so in
/// steady state a pool allocates nothing.
struct BlockFreeList: Sendable, Equatable {
    /// Offsets of free blocks, indexed by size class.
    var lists: [[UInt32]]

    init(classes: Int) {
        lists = Array(repeating: [], count: classes)
    }

    /// A free block of class `sizeClass`, if any. - Complexity: O(1).
    @inline(__always)
    mutating func pop(_ sizeClass: Int) -> UInt32? {
        lists[sizeClass].popLast()
    }

    /// Returns a block to its class's list. - Complexity: amortized O(1).
    @inline(__always)
    mutating func push(_ base: UInt32, sizeClass: Int) {
        lists[sizeClass].append(base)
    }

    /// Bytes held by the lists themselves.
    var approximateBytes: Int {
        lists.reduce(lists.capacity * 8) { $0 + $1.capacity * 4 }
    }
}

/// 64-bit mixing used for every hash in the windowing code (SplitMix64's finalizer): deterministic
/// across processes, unlike `Hasher`, so saved state and tests are reproducible.
@inline(__always)
func mix64(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
