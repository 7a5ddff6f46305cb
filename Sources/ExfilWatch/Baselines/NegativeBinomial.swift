import Foundation

/// The negative-binomial predictive of a Gamma–Poisson baseline: counts with mean `mean` and shape
/// `shape` (variance `mean + mean² / shape`).
///
/// Tail probabilities use the identity `P(X ≥ x) = I_z(x, r)` with `z = mean / (mean + r)`, the
/// regularized incomplete beta function, evaluated in log space by Lentz's continued fraction, so
/// probabilities down to 1e−300 and below come out with full relative precision.
/// - Complexity: O(√max(x, r)) iterations, capped at 1000; in practice 10–100.
struct NegativeBinomial: Sendable {
    var mean: Double
    var shape: Double

    /// Counts up to this use the direct sum of the probability mass function.
    static let directSumLimit = 64.0
    /// The direct sum is trusted while the tail it leaves is at least this (relative error ≲ 1e−9).
    static let directSumFloor = 1e-7

    /// Natural log of `P(X ≥ x)`; 0 for `x ≤ 0`.
    ///
    /// Small integer counts — nearly every window — take the direct sum
    /// `1 − Σ_{k<x} pmf(k)` with `pmf(k+1) = pmf(k)·(k+r)/(k+1)·z`: one `log`, one `exp` and `x`
    /// multiply-adds instead of three `lgamma`s and a continued fraction. When the tail falls below
    /// ``directSumFloor`` (where the subtraction would lose digits), the continued fraction decides.
    func logUpperTail(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if mean <= 0 { return -.infinity }
        let z = mean / (mean + shape)
        if x <= Self.directSumLimit && Self.isWhole(x) {
            let tail = directSumTail(x, z: z)
            if tail >= Self.directSumFloor { return log(tail) }
        }
        return NegativeBinomial.logRegularizedIncompleteBeta(z: z, a: x, b: shape)
    }

    /// Whether `P(X ≥ x) ≤ p` (for `p` in `[directSumFloor, 1]`): the direct sum decides without a
    /// logarithm, and a tail below ``directSumFloor`` is below `p` without the continued fraction.
    /// Above ``directSumLimit``, two cheap bounds settle most counts without the continued fraction:
    /// Chernoff's upper bound (far out in the tail: a new actor's first big window) and, for an
    /// integer count, the mass of the counts just above it as a lower bound (``logTailLowerBound(_:)``;
    /// near the mean: byte counts, and a busy actor's hourly and daily windows, where the fraction
    /// converges slowest). Same answer as
    /// `logUpperTail(x) <= log(p)` up to the direct sum's rounding (~1e−14 absolute).
    ///
    /// A count of 1, the commonest count of repositories, namespaces and addresses in a window, is
    /// settled without `exp` or `log` first when it can be (``countOfOneTailExceeds(_:)``).
    func upperTail(_ x: Double, isAtMost p: Double) -> Bool {
        if x <= 0 { return p >= 1 }
        if mean <= 0 { return true }
        if x == 1 && p < 1 && countOfOneTailExceeds(p) { return false }
        let integer = Self.isWhole(x)
        if x <= Self.directSumLimit && integer && p >= Self.directSumFloor {
            return directSumTail(x, z: mean / (mean + shape)) <= p
        }
        let logP = log(p)
        if x > mean && logChernoffBound(x) <= logP { return true }
        if integer && logTailLowerBound(x) > logP { return false }
        return logUpperTail(x) <= logP
    }

    /// A lower bound on `log P(X ≥ x)` for an integer `x ≥ 1`: from `x ≥ mean − 1` on the mass only
    /// falls (`pmf(k+1)/pmf(k) = (k+r)/(k+1)·z ≤ 1` once `k ≥ mean − 1/(1−z)`), so the `L` counts from
    /// `x` hold at least `L·pmf(x+L−1)`; `L` is the standard deviation, about the width over which the
    /// mass near the mean stays flat. Why: a byte count within a few deviations of its mean has a
    /// tail far above the clip probability but a mass `P(X = x)` below it, and only this settles it
    /// without the continued fraction. Below `mean − 1`, the mass `P(X = x)` alone.
    func logTailLowerBound(_ x: Double) -> Double {
        guard x >= mean - 1 else { return logMass(x) }
        let width = max(1, (mean + mean * mean / shape).squareRoot().rounded(.down))
        return log(width) + logMass(x + width - 1)
    }

    /// Whether `P(X ≥ 1) > p` by a bound free of `exp` and `log` (false when it cannot tell): with
    /// `b = m·r/(m + r)`, `r·log(1 + m/r) ≥ b`, so `P(X = 0) = (1 + m/r)^−r ≤ e^−b` and
    /// `P(X ≥ 1) ≥ 1 − e^−b`, which is above `p` when `b > p/(1 − p) ≥ −log(1 − p)`. A margin of 1e−6 of
    /// `p` covers the rounding of the direct sum this stands in for. (The like bound for a count of 2,
    /// `b²/2 − b³/3`, settled too few more tests to keep: 0.1% of a scan's instructions.)
    @inline(__always)
    func countOfOneTailExceeds(_ p: Double) -> Bool {
        mean * shape / (mean + shape) > p / (1 - p) * (1 + 1e-6)
    }

    /// Chernoff's bound on `log P(X ≥ x)` for `x > mean`, from the moment generating function
    /// `((1 − z) / (1 − z·eᵗ))^r` at its best `t` (`z·eᵗ = x / (x + r)`): an upper bound, three
    /// logarithms.
    func logChernoffBound(_ x: Double) -> Double {
        let z = mean / (mean + shape)
        return shape * log1p(-z) + shape * log((x + shape) / shape) + x * log(z * (x + shape) / x)
    }

    /// `log P(X = x)` for an integer `x ≥ 1`: the front factor of the incomplete beta function over `x`.
    func logMass(_ x: Double) -> Double {
        let z = mean / (mean + shape)
        return x * log(z) + shape * log1p(-z) - (Self.logGamma(x) + Self.logGamma(shape) - Self.logGamma(x + shape))
            - log(x)
    }

    /// `1 − Σ_{k<x} pmf(k)` for an integer `x ≥ 1`, `z = mean / (mean + shape)`. - Complexity: O(x).
    @inline(__always)
    private func directSumTail(_ x: Double, z: Double) -> Double {
        var pmf = zeroMass
        var below = 0.0
        var k = 0.0
        while k < x {
            below += pmf
            pmf *= (k + shape) / (k + 1) * z
            k += 1
        }
        return 1 - below
    }

    /// `P(X = 0) = (1 − z)^r = (r / (mean + r))^r`, with the ratio formed directly rather than as
    /// `1 − z`, so `log` serves where `log1p(−z)` did, at about a third of the cost. Its relative error
    /// is about `r·ε` when `mean ≪ r` (6e−14 at the largest shape a model allows, 1000) and better than
    /// `log1p`'s when `z` is near 1.
    @inline(__always)
    var zeroMass: Double { exp(shape * log(shape / (mean + shape))) }

    /// `−log10 P(X ≥ x)`.
    func surprise(_ x: Double) -> Double {
        -logUpperTail(x) / M_LN10
    }

    /// Whether `x` is a whole number (infinities too, NaN not), like `x == x.rounded()` but without
    /// the libm call that `rounded()` is on baseline x86-64.
    @inline(__always)
    static func isWhole(_ x: Double) -> Bool {
        abs(x) < 0x1p52 ? Double(Int64(x)) == x : !x.isNaN
    }

    /// The largest integer count whose `surprise` stays below `level`, at least ⌊mean⌋.
    /// - Complexity: O(log x) tail tests (``upperTail(_:isAtMost:)``, so most steps of the search are
    ///   settled by its bounds without the continued fraction).
    func largestCount(withSurpriseBelow level: Double) -> Double {
        largestCount(withSurpriseBelow: level, probability: pow(10, -level))
    }

    /// ``largestCount(withSurpriseBelow:)`` with `probability` = `10^−level` given. When the answer
    /// lies within the direct sum's range, one pass of the direct sum finds it: the tails it meets
    /// are bit for bit those ``upperTail(_:isAtMost:)`` computes, and they only fall as the count
    /// grows, so the first count whose tail is at most `p` ends the search. - Complexity: O(answer)
    /// there, instead of O(log x) direct sums of O(x) each.
    ///
    /// `ceiling`, when given, is a whole count known to score at or above `level` (its tail is at most
    /// `p`, as the learner has just found for the count it clips): the search then bisects below it
    /// instead of doubling out from the mean, about half the tail tests.
    func largestCount(withSurpriseBelow level: Double, probability p: Double, ceiling: Double = .infinity) -> Double {
        largestCountByDirectSum(p) ?? largestCountBySearch(p, ceiling: ceiling)
    }

    /// The answer by one pass of the direct sum, nil when it lies beyond ``directSumLimit`` (or the
    /// direct sum does not apply to `p`).
    func largestCountByDirectSum(_ p: Double) -> Double? {
        let lo = max(0, mean.rounded(.down))
        guard mean > 0 && p >= Self.directSumFloor && p < 1 && lo < Self.directSumLimit else { return nil }
        let z = mean / (mean + shape)
        var pmf = zeroMass
        var below = 0.0
        var c = 0.0
        while c < Self.directSumLimit {
            // `below` is Σ_{k<c} pmf(k), so the tail of c + 1 is 1 − (below + pmf(c)).
            below += pmf
            if 1 - below <= p { return c >= lo ? c : max(0, lo - 1) }
            pmf *= (c + shape) / (c + 1) * z
            c += 1
        }
        return nil
    }

    /// The answer by doubling and bisection on ``upperTail(_:isAtMost:)``; with a `ceiling` (a whole
    /// count whose tail is at most `p`) above ⌊mean⌋, by bisection below it alone.
    func largestCountBySearch(_ p: Double, ceiling: Double = .infinity) -> Double {
        func below(_ c: Double) -> Bool { !upperTail(c, isAtMost: p) }
        var lo = max(0, mean.rounded(.down))
        if !below(lo) { return max(0, lo - 1) }
        var hi: Double
        if ceiling > lo && ceiling < 1e15 && Self.isWhole(ceiling) {
            hi = ceiling
            // Beyond the direct sum's range its tails are no longer the ones upperTail computes, but they
            // are close: its answer is a guess that two exact tests usually confirm, and otherwise it
            // still narrows the bracket. The answer is the bisection's either way.
            if hi - lo > 2 && hi <= Self.guessLimit, let guess = directSumGuess(p, below: hi), guess > lo {
                if below(guess) {
                    lo = guess
                    if !below(guess + 1) { return guess }
                    lo = guess + 1
                } else {
                    hi = guess
                    if below(guess - 1) { return guess - 1 }
                    hi = guess - 1
                }
            }
        } else {
            hi = max(lo + 1, lo * 2 + 1)
            while below(hi) {
                lo = hi
                hi = hi * 2 + 1
                if hi > 1e15 { return lo }
            }
        }
        while hi - lo > 1 {
            let mid = ((lo + hi) / 2).rounded(.down)
            if below(mid) { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Largest bracket top for which ``directSumGuess(_:below:)`` is tried: O(count) multiply-adds
    /// stay cheaper than the few continued fractions they save.
    static let guessLimit = 2048.0

    /// The largest count whose tail the direct sum puts above `p`, searched below `limit`; nil when the
    /// sum loses its footing first (`P(X = 0)` underflowing, or the tail never reaching `p`).
    func directSumGuess(_ p: Double, below limit: Double) -> Double? {
        let z = mean / (mean + shape)
        var pmf = zeroMass
        guard pmf > 0 else { return nil }
        var below = 0.0
        var c = 0.0
        while c < limit {
            below += pmf
            if 1 - below <= p { return c }
            pmf *= (c + shape) / (c + 1) * z
            c += 1
        }
        return nil
    }

    /// `log Γ(x)` (thread-safe variant).
    @inline(__always)
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// `log I_z(a, b)`, the log of the regularized incomplete beta function.
    static func logRegularizedIncompleteBeta(z: Double, a: Double, b: Double) -> Double {
        if z <= 0 { return -.infinity }
        if z >= 1 { return 0 }
        let logFront = a * log(z) + b * log1p(-z) - (logGamma(a) + logGamma(b) - logGamma(a + b))
        if z < (a + 1) / (a + b + 2) {
            return logFront + log(continuedFraction(z: z, a: a, b: b)) - log(a)
        }
        let complement = exp(logFront + log(continuedFraction(z: 1 - z, a: b, b: a)) - log(b))
        return complement >= 1 ? -.infinity : log1p(-complement)
    }

    /// Continued fraction of the incomplete beta function (modified Lentz), as in Numerical Recipes.
    private static func continuedFraction(z: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * z / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...1000 {
            let md = Double(m)
            let m2 = 2 * md
            var aa = md * (b - md) * z / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + md) * (qab + md) * z / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-13 { break }
        }
        return h
    }
}
