#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// SplitMix64 finaliser: a bijective 64-bit mix used to seed generators and derive stream keys.
///
/// - Complexity: O(1), a handful of multiplies.
@inline(__always)
func mix64(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Combines a seed with up to three stream identifiers into one 64-bit key.
///
/// Generators keyed this way (for example by seed, actor and hour) are independent of the order in which
/// the generator visits them, which is what keeps the output byte-identical for the same flags.
@inline(__always)
func streamKey(_ seed: UInt64, _ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) -> UInt64 {
    mix64(mix64(mix64(seed ^ 0x5EED_5EED) ^ a) &+ mix64(b ^ 0xB0B0) ^ (c &* 0x9E37_79B9_7F4A_7C15))
}

/// Deterministic pseudo-random number generator: xoshiro256** seeded through SplitMix64.
///
/// The generator never touches `SystemRandomNumberGenerator`, so the same seed yields the same stream on
/// every run. Distribution helpers (`lognormal`, `pareto`, `poisson`) are deliberately simple and
/// branch-light because they sit on the per-actor, per-hour hot path.
struct SynthRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose state is four SplitMix64 outputs of `seed`.
    init(seed: UInt64) {
        var sm = seed
        func nextSplitMix(_ state: inout UInt64) -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = nextSplitMix(&sm)
        s1 = nextSplitMix(&sm)
        s2 = nextSplitMix(&sm)
        s3 = nextSplitMix(&sm)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// Creates a generator for one stream of a seed, e.g. `(seed, actor, hour)`.
    init(seed: UInt64, stream a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) {
        self.init(seed: streamKey(seed, a, b, c))
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// Next raw 64-bit output (xoshiro256**).
    @inline(__always)
    mutating func next() -> UInt64 {
        let result = SynthRandom.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SynthRandom.rotl(s3, 45)
        return result
    }

    /// Uniform integer in `0..<n` (multiply-high reduction; bias below 2^-32 for the sizes used here).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        if n <= 1 { return 0 }
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform integer in the closed range `lo...hi`.
    @inline(__always)
    mutating func int(_ lo: Int, _ hi: Int) -> Int { hi <= lo ? lo : lo + below(hi - lo + 1) }

    /// Uniform double in `[0, 1)` with 53 bits of precision.
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform double in `[lo, hi)`.
    @inline(__always)
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    /// `true` with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Exponential variate with the given mean (same unit as the mean).
    mutating func exponential(mean: Double) -> Double { -log(1.0 - unit()) * mean }

    /// Standard normal variate (Box–Muller, one of the pair).
    mutating func normal() -> Double {
        let u1 = 1.0 - unit()
        let u2 = unit()
        return sqrt(-2.0 * log(u1)) * cos(2.0 * Double.pi * u2)
    }

    /// Lognormal variate: `median * exp(sigma * N(0,1))`. Heavy right tail for activity levels and sizes.
    mutating func lognormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }

    /// Pareto variate with scale `minimum` and shape `alpha` (smaller alpha, heavier tail).
    mutating func pareto(minimum: Double, alpha: Double) -> Double { minimum / pow(1.0 - unit(), 1.0 / alpha) }

    /// Poisson count with the given mean: Knuth's product method below 30, a rounded normal above.
    mutating func poisson(mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean < 30 {
            let limit = exp(-mean)
            var product = unit()
            var count = 0
            while product > limit {
                count += 1
                product *= unit()
            }
            return count
        }
        let value = mean + sqrt(mean) * normal()
        return value < 0 ? 0 : Int(value.rounded())
    }

    /// Index drawn with a Zipf-like skew toward the front of a list of `count` items.
    ///
    /// `skew` 1 is uniform; 2–3 makes the first items (a person's favourite repositories) dominate.
    @inline(__always)
    mutating func skewedIndex(_ count: Int, skew: Double) -> Int {
        if count <= 1 { return 0 }
        let index = Int(pow(unit(), skew) * Double(count))
        return index < count ? index : count - 1
    }

    /// Picks `k` distinct integers from `0..<n` (Floyd's algorithm), in random order.
    ///
    /// - Complexity: O(k) expected time and memory.
    mutating func distinct(_ k: Int, from n: Int) -> [Int] {
        let k = min(k, n)
        var chosen = Set<Int>(minimumCapacity: k)
        var result: [Int] = []
        result.reserveCapacity(k)
        var j = n - k
        while j < n {
            let t = int(0, j)
            let pick = chosen.contains(t) ? j : t
            chosen.insert(pick)
            result.append(pick)
            j += 1
        }
        // Floyd's algorithm yields a biased order; shuffle so time order does not follow index order.
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(i, below(i + 1))
        }
        return result
    }
}
