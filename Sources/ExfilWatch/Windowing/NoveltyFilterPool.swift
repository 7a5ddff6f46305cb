import CZlib
import Foundation

/// Where one actor's novelty filter lives in a ``NoveltyFilterPool``.
struct NoveltyRef: Sendable, Equatable {
    /// First word of the actor's block, `.max` when the actor has none yet.
    var base: UInt32 = .max
    /// Number of layers in use.
    var layers: UInt8 = 0
    /// Items inserted into the newest layer.
    var lastCount: UInt32 = 0
}

/// Per-actor membership filters answering "has this actor ever touched this repository?", sized to
/// what each holds: a scalable Bloom filter (Almeida et al., 2007).
///
/// Layer `i` has `initialBits << i` bits, target false-positive rate `p₀ · 2^−i` with `p₀ = P / 2`
/// (P is the model's `novelty.false_positive_rate`), `k_i = ⌈log2(1 / p_i)⌉` hash probes, and holds
/// `⌊bits · ln²2 / ln(1 / p_i)⌋` items. When the newest layer is full a layer twice as large is added,
/// so the overall false-positive rate stays below `Σ p_i < 2 p₀ = P` however many repositories the
/// actor touches, and an actor that touched three repositories costs one 64-bit word. A false positive
/// makes a new repository look familiar (a missed novelty count), never the reverse.
/// Layers of one actor are contiguous: `initialWords · (2^L − 1)` words for `L` layers.
struct NoveltyFilterPool: Sendable {
    var words: [UInt64] = []
    /// Free blocks by layer count.
    var free: BlockFreeList
    let initialWords: Int
    /// Per layer: word offset inside a block, words, probes, capacity in items.
    let layerOffset: [Int]
    let layerWords: [Int]
    let layerProbes: [Int]
    let layerCapacity: [Int]
    /// The bound `P` on the false-positive rate.
    let falsePositiveBound: Double

    static let maxLayers = 20

    init(initialBits: Int, falsePositiveRate: Double) {
        initialWords = max(1, initialBits / 64)
        falsePositiveBound = falsePositiveRate
        var offsets: [Int] = []
        var sizes: [Int] = []
        var probes: [Int] = []
        var capacities: [Int] = []
        var offset = 0
        let ln2sq = 0.693_147_180_559_945 * 0.693_147_180_559_945
        for i in 0..<NoveltyFilterPool.maxLayers {
            let w = initialWords << i
            let p = falsePositiveRate / 2 / Double(1 << i)
            offsets.append(offset)
            sizes.append(w)
            probes.append(max(1, Int((-log2(p)).rounded(.up))))
            capacities.append(max(1, Int(Double(w * 64) * ln2sq / -log(p))))
            offset += w
        }
        layerOffset = offsets
        layerWords = sizes
        layerProbes = probes
        layerCapacity = capacities
        free = BlockFreeList(classes: NoveltyFilterPool.maxLayers + 1)
    }

    /// Bytes of storage in use, free blocks included (see ``CellPool/approximateBytes``).
    var approximateBytes: Int { words.count * 8 + free.approximateBytes }

    /// Words in a block of `layers` layers.
    @inline(__always)
    func blockWords(layers: Int) -> Int { initialWords * ((1 << layers) - 1) }

    private mutating func allocate(layers: Int) -> UInt32 {
        let n = blockWords(layers: layers)
        if let b = free.pop(layers) {
            let base = Int(b)
            for i in base..<(base + n) { words[i] = 0 }
            return b
        }
        let base = UInt32(words.count)
        words.reservePoolCapacity(adding: n)
        words.append(contentsOf: repeatElement(0, count: n))
        return base
    }

    /// Bit positions of `hash` in `layer`: two independent 32-bit positions per round of mixing
    /// (double hashing's arithmetic progressions raise the false-positive rate of small power-of-two
    /// filters several-fold, so each pair of probes gets fresh bits).
    @inline(__always)
    private static func probes(_ hash: UInt64, layer: Int, mask: UInt32, count: Int, _ body: (Int) -> Bool) {
        var j = 0
        var seed = hash ^ UInt64(layer) << 56
        while j < count {
            seed &+= 0x9E37_79B9_7F4A_7C15
            let z = mix64(seed)
            if !body(Int(UInt32(truncatingIfNeeded: z) & mask)) { return }
            j += 1
            if j < count {
                if !body(Int(UInt32(truncatingIfNeeded: z >> 32) & mask)) { return }
                j += 1
            }
        }
    }

    /// True when `id` was inserted (or, with probability below ``falsePositiveBound``, was not).
    /// - Complexity: O(Σ probes of the actor's layers).
    func contains(_ ref: NoveltyRef, _ id: UInt32) -> Bool {
        guard ref.base != .max else { return false }
        let hash = mix64(UInt64(id) ^ 0x5BD1_E995_0000_0000)
        let base = Int(ref.base)
        for layer in 0..<Int(ref.layers) {
            let off = base + layerOffset[layer]
            var all = true
            let mask = UInt32(layerWords[layer] * 64 - 1)
            NoveltyFilterPool.probes(hash, layer: layer, mask: mask, count: layerProbes[layer]) { bit in
                all = words[off + bit >> 6] & (1 << UInt64(bit & 63)) != 0
                return all
            }
            if all { return true }
        }
        return false
    }

    /// Asks the CPU to load the words the first two probes of `id` read in each layer, ahead of a
    /// ``contains(_:_:)``: for a repository the actor never touched, every layer is probed, each at a
    /// random word of a filter that may span many cache lines. No state change.
    @inline(__always)
    func prefetch(_ ref: NoveltyRef, _ id: UInt32) {
        guard ref.base != .max else { return }
        let hash = mix64(UInt64(id) ^ 0x5BD1_E995_0000_0000)
        let base = Int(ref.base)
        words.withUnsafeBufferPointer { w in
            for layer in 0..<Int(ref.layers) {
                let off = base + layerOffset[layer]
                let mask = UInt32(layerWords[layer] * 64 - 1)
                let z = mix64((hash ^ UInt64(layer) << 56) &+ 0x9E37_79B9_7F4A_7C15)
                exfilwatch_prefetch(w.baseAddress! + off + Int(UInt32(truncatingIfNeeded: z) & mask) >> 6)
                exfilwatch_prefetch(w.baseAddress! + off + Int(UInt32(truncatingIfNeeded: z >> 32) & mask) >> 6)
            }
        }
    }

    /// Inserts `id`, adding a layer when the newest one is full. - Complexity: O(probes), plus a copy of
    /// the block when a layer is added.
    mutating func insert(_ ref: inout NoveltyRef, _ id: UInt32) {
        if ref.base == .max {
            ref.base = allocate(layers: 1)
            ref.layers = 1
            ref.lastCount = 0
        } else if Int(ref.lastCount) >= layerCapacity[Int(ref.layers) - 1]
            && Int(ref.layers) < NoveltyFilterPool.maxLayers
        {
            let layers = Int(ref.layers)
            let newBase = Int(allocate(layers: layers + 1))
            let old = Int(ref.base)
            for i in 0..<blockWords(layers: layers) { words[newBase + i] = words[old + i] }
            free.push(ref.base, sizeClass: layers)
            ref.base = UInt32(newBase)
            ref.layers = UInt8(layers + 1)
            ref.lastCount = 0
        }
        let hash = mix64(UInt64(id) ^ 0x5BD1_E995_0000_0000)
        let layer = Int(ref.layers) - 1
        let off = Int(ref.base) + layerOffset[layer]
        let mask = UInt32(layerWords[layer] * 64 - 1)
        NoveltyFilterPool.probes(hash, layer: layer, mask: mask, count: layerProbes[layer]) { bit in
            words[off + bit >> 6] |= 1 << UInt64(bit & 63)
            return true
        }
        ref.lastCount += 1
    }

    /// Releases an actor's filter.
    mutating func release(_ ref: inout NoveltyRef) {
        if ref.base != .max { free.push(ref.base, sizeClass: Int(ref.layers)) }
        ref = NoveltyRef()
    }
}
