/// A small, fast, deterministic pseudo-random generator (SplitMix64): the same seed gives the same
/// log bytes on every machine, so benchmark inputs are comparable across runs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<n` (`n` > 0); the tiny modulo bias does not matter for test data.
    @inlinable
    public mutating func below(_ n: Int) -> Int {
        Int(next() % UInt64(n))
    }

    /// In `0..<n`, skewed towards 0 (`n·u²`, u uniform): popular repositories, a long tail.
    @inlinable
    public mutating func skewed(_ n: Int) -> Int {
        let u = Double(next() >> 11) * 0x1p-53
        return min(n - 1, Int(Double(n) * u * u))
    }

    /// In `0..<n`, mildly skewed towards 0 (`n·u^1.5`): busy and quiet users, none dominating.
    @inlinable
    public mutating func mildlySkewed(_ n: Int) -> Int {
        let u = Double(next() >> 11) * 0x1p-53
        return min(n - 1, Int(Double(n) * u * u.squareRoot()))
    }

    /// True with probability `p`.
    @inlinable
    public mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < p
    }
}
