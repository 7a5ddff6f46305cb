import Foundation

/// A HyperLogLog sketch over a sliding time window (Chabchoub & Hébrail, 2010): distinct counts of the
/// keys touched since any minute, for every window length at once.
///
/// Each of the `m = 2^precision` registers keeps a short list of "possible future maxima" instead of a
/// single maximum: pairs (minute, ρ) with minutes increasing and ρ strictly decreasing, because an
/// older observation matters only while it is larger than every newer one. Reading the window
/// "since minute s" takes, per register, the first pair at or after `s`; the usual HyperLogLog
/// estimator (with linear counting below `2.5 m`) then gives the count with relative standard error
/// `1.04 / √m` (3.25 % at the shipped precision 10). Lists hold at most `slots` pairs (expected length
/// is about `ln(n / m) + 0.6`); when one overflows, its oldest pair is dropped, which can only
/// underestimate windows reaching that far back.
///
/// Pairs are packed in 32 bits: minute (26 bits, valid 1970 … 2097) and ρ (6 bits).
/// Memory: `4 · m · slots` bytes (32 KiB at precision 10 with 8 slots), used only by actors whose
/// exact sets outgrew `distinct.exact_limit`.
struct SlidingHyperLogLog: Sendable, Equatable {
    let precision: Int
    let slots: Int
    /// `m · slots` packed pairs, register-major; 0 marks an empty slot.
    var pairs: [UInt32]

    init(precision: Int, slots: Int) {
        self.precision = precision
        self.slots = slots
        pairs = Array(repeating: 0, count: (1 << precision) * slots)
    }

    /// Relative standard error of the estimate, `1.04 / √m`.
    static func standardError(precision: Int) -> Double { 1.04 / Double(1 << precision).squareRoot() }

    var approximateBytes: Int { pairs.capacity * 4 + 32 }

    @inline(__always)
    private static func pack(minute: Int32, rho: Int) -> UInt32 {
        UInt32(clamping: max(0, Int(minute)) & 0x3FF_FFFF) << 6 | UInt32(rho)
    }

    @inline(__always)
    private static func minuteOf(_ p: UInt32) -> Int32 { Int32(p >> 6) }

    @inline(__always)
    private static func rhoOf(_ p: UInt32) -> Int { Int(p & 63) }

    /// Records a key with 64-bit hash `hash` touched at `minute`. Out-of-order minutes are handled.
    /// - Complexity: O(slots).
    mutating func insert(hash: UInt64, minute: Int32) {
        let register = Int(hash >> UInt64(64 - precision))
        let rest = hash << UInt64(precision)
        let rho = min(rest.leadingZeroBitCount + 1, 64 - precision + 1)
        let base = register * slots
        var n = 0
        while n < slots && pairs[base + n] != 0 { n += 1 }
        // Dominated: a pair at least as new with at least this ρ already covers every window.
        for i in 0..<n {
            let p = pairs[base + i]
            if SlidingHyperLogLog.minuteOf(p) >= minute && SlidingHyperLogLog.rhoOf(p) >= rho { return }
        }
        // Remove pairs this one dominates (older or same minute, smaller or equal ρ), keep order.
        var w = 0
        var insertAt = -1
        for i in 0..<n {
            let p = pairs[base + i]
            let pm = SlidingHyperLogLog.minuteOf(p)
            if pm <= minute && SlidingHyperLogLog.rhoOf(p) <= rho { continue }
            if insertAt < 0 && pm > minute { insertAt = w }
            pairs[base + w] = p
            w += 1
        }
        if insertAt < 0 { insertAt = w }
        if w == slots {
            // Full: drop the oldest pair to make room.
            for i in 0..<(w - 1) { pairs[base + i] = pairs[base + i + 1] }
            w -= 1
            insertAt = max(0, insertAt - 1)
        }
        var i = w
        while i > insertAt {
            pairs[base + i] = pairs[base + i - 1]
            i -= 1
        }
        pairs[base + insertAt] = SlidingHyperLogLog.pack(minute: minute, rho: rho)
        for j in (w + 1)..<slots { pairs[base + j] = 0 }
    }

    /// Estimated number of distinct keys touched in `[from, to)` (minutes). Exact for windows that end
    /// now; for windows that ended earlier, pairs superseded since are lost, so it can undercount.
    /// - Complexity: O(m · slots).
    func estimate(from: Int32, to: Int32 = .max) -> Double {
        let m = 1 << precision
        var sum = 0.0
        var zeros = 0
        for r in 0..<m {
            let base = r * slots
            var best = 0
            for i in 0..<slots {
                let p = pairs[base + i]
                if p == 0 { break }
                let pm = SlidingHyperLogLog.minuteOf(p)
                if pm >= from && pm < to {
                    best = max(best, SlidingHyperLogLog.rhoOf(p))
                }
            }
            if best == 0 { zeros += 1 }
            sum += exp2(-Double(best))
        }
        let mm = Double(m)
        let alpha: Double
        switch m {
        case 16: alpha = 0.673
        case 32: alpha = 0.697
        case 64: alpha = 0.709
        default: alpha = 0.7213 / (1 + 1.079 / mm)
        }
        let raw = alpha * mm * mm / sum
        if raw <= 2.5 * mm && zeros > 0 {
            return mm * log(mm / Double(zeros))
        }
        return raw
    }

    /// True when no pair is at or after `minute`.
    func isEmpty(since minute: Int32) -> Bool {
        for r in 0..<(1 << precision) {
            let base = r * slots
            for i in 0..<slots {
                let p = pairs[base + i]
                if p == 0 { break }
                if SlidingHyperLogLog.minuteOf(p) >= minute { return false }
            }
        }
        return true
    }
}
