import Foundation
import Testing

@testable import ExfilWatch

@Suite("Negative binomial tails")
struct NegativeBinomialTests {
    /// P(X ≥ x) by summing the pmf directly.
    static func bruteTail(_ x: Int, shape r: Double, mean m: Double) -> Double {
        let p = r / (r + m)
        var below = 0.0
        for k in 0..<x {
            let logPmf =
                NegativeBinomial.logGamma(Double(k) + r) - NegativeBinomial.logGamma(r)
                - NegativeBinomial.logGamma(Double(k) + 1) + r * log(p) + Double(k) * log1p(-p)
            below += exp(logPmf)
        }
        return 1 - below
    }

    @Test(
        "upper tails match a direct sum", arguments: [(0.05, 0.2), (0.5, 0.1), (1, 3), (2, 10), (10, 50), (0.3, 200)])
    func matchesBruteForce(_ c: (Double, Double)) {
        let nb = NegativeBinomial(mean: c.1, shape: c.0)
        for x in [1, 2, 5, 10, 20, 40] {
            let brute = NegativeBinomialTests.bruteTail(x, shape: c.0, mean: c.1)
            guard brute > 1e-12 else { continue }
            let ours = exp(nb.logUpperTail(Double(x)))
            #expect(abs(ours - brute) / brute < 1e-6, "x \(x) shape \(c.0) mean \(c.1): \(ours) vs \(brute)")
        }
    }

    @Test("far tails stay finite and monotone")
    func farTail() {
        let nb = NegativeBinomial(mean: 0.1, shape: 0.5)
        var last = 0.0
        for x in [10.0, 100, 1000, 10_000] {
            let s = nb.surprise(x)
            #expect(s.isFinite && s > last)
            last = s
        }
        #expect(nb.surprise(0) == 0)
    }

    @Test("clip quantile is the largest count below the level")
    func quantile() {
        for (shape, mean) in [(1.0, 2.0), (0.2, 0.5), (3.0, 70.0), (8.0, 900.0), (0.5, 5000.0)] {
            let nb = NegativeBinomial(mean: mean, shape: shape)
            for level in [2.0, 4.0, 7.5] {
                let q = nb.largestCount(withSurpriseBelow: level)
                #expect(nb.surprise(q) < level && nb.surprise(q + 1) >= level, "shape \(shape) mean \(mean)")
            }
        }
    }

    @Test("one pass of the direct sum finds the same clip quantile as the search, wherever it applies")
    func quantileByDirectSum() {
        var settled = 0
        for shape in [0.05, 0.1, 0.3, 0.5, 1.0, 2.0, 8.0] {
            for mean in [0.001, 0.02, 0.1, 0.5, 1.0, 3.0, 7.5, 20.0, 45.0, 63.5, 80.0] {
                let nb = NegativeBinomial(mean: mean, shape: shape)
                for level in [1.0, 2.0, 3.0, 4.0, 5.5, 6.9] {
                    let p = pow(10, -level)
                    guard let fast = nb.largestCountByDirectSum(p) else { continue }
                    settled += 1
                    #expect(fast == nb.largestCountBySearch(p), "shape \(shape) mean \(mean) level \(level)")
                }
            }
        }
        #expect(settled > 200)
    }

    @Test("a ceiling the clipped count gives bisects to the same quantile as doubling from the mean")
    func quantileBelowCeiling() {
        var searched = 0
        for shape in [0.05, 0.2, 0.3, 1.0, 8.0] {
            for mean in [0.5, 2.0, 7.2, 70.0, 900.0] {
                let nb = NegativeBinomial(mean: mean, shape: shape)
                for level in [3.0, 4.0, 7.5] {
                    let p = pow(10, -level)
                    let q = nb.largestCountBySearch(p)
                    // Every whole count whose tail is at most p is a valid ceiling: the first one and far ones.
                    for ceiling in [q + 1, q + 2, q + 37, 2 * q + 5, 1000 * q + 1] where ceiling > mean.rounded(.down) {
                        searched += 1
                        #expect(nb.upperTail(ceiling, isAtMost: p))
                        #expect(nb.largestCountBySearch(p, ceiling: ceiling) == q, "shape \(shape) mean \(mean)")
                    }
                }
            }
        }
        #expect(searched > 300)
    }

    @Test("whole numbers are told apart from fractions as rounding does")
    func wholeNumbers() {
        for x in [
            0.0, -0.0, 1, -3, 63, 64, 0.5, 1e-300, 2.5, 4503599627370495.5, 0x1p52, 1e300, .infinity, -.infinity, .nan,
        ] {
            #expect(NegativeBinomial.isWhole(x) == (x == x.rounded()), "\(x)")
        }
    }

    @Test("the tail test agrees with the tail's logarithm, on both sides of the level")
    func tailTest() {
        for (shape, mean) in [(0.05, 0.2), (0.5, 0.1), (1.0, 3.0), (2.0, 10.0), (0.3, 200.0), (8.0, 900.0)] {
            let nb = NegativeBinomial(mean: mean, shape: shape)
            for x in [1.0, 2, 3, 7, 20, 63, 64, 65, 300, 900, 1200, 2500, 5000] {
                for level in [1.0, 3.0, 4.0, 6.5, 9.0, 40.0] {
                    let p = pow(10, -level)
                    let reference = nb.logUpperTail(x) <= log(p)
                    #expect(
                        nb.upperTail(x, isAtMost: p) == reference, "shape \(shape) mean \(mean) x \(x) level \(level)")
                }
            }
        }
    }

    @Test("a count of 1 is judged as the tail's logarithm judges it, right up to the level")
    func countOfOne() {
        var settledEarly = 0
        for shape in [0.05, 0.5, 1.0, 5.0, 50.0, 1000.0] {
            for level in [1.0, 2.0, 4.0, 6.5] {
                let p = pow(10, -level)
                // Means from far below to far above the one whose tail is p, finely near it.
                for step in 0...600 {
                    let mean = p * pow(10, Double(step - 300) / 100)
                    let nb = NegativeBinomial(mean: mean, shape: shape)
                    let reference = nb.logUpperTail(1) <= log(p)
                    #expect(nb.upperTail(1, isAtMost: p) == reference, "shape \(shape) mean \(mean) p \(p)")
                    if nb.countOfOneTailExceeds(p) {
                        settledEarly += 1
                        #expect(!reference, "shape \(shape) mean \(mean) p \(p)")
                    }
                }
            }
        }
        #expect(settledEarly > 4000)
    }

    @Test("the mass at a count is the difference of neighbouring tails")
    func mass() {
        for (shape, mean) in [(0.5, 3.0), (2.0, 40.0), (8.0, 900.0)] {
            let nb = NegativeBinomial(mean: mean, shape: shape)
            for x in [1.0, 5, 65, 400, 900, 1300] {
                let difference = exp(nb.logUpperTail(x)) - exp(nb.logUpperTail(x + 1))
                let mass = exp(nb.logMass(x))
                let tolerance = 1e-9 * max(mass, 1e-300) + 1e-15
                #expect(abs(mass - difference) <= tolerance, "shape \(shape) mean \(mean) x \(x)")
            }
        }
    }

    @Test("the block bound lies below the tail, and settles counts within a deviation or two of the mean")
    func tailLowerBound() {
        var settled = 0
        var cases = 0
        for (shape, mean) in [(0.3, 2.0), (0.5, 80.0), (2.0, 40.0), (8.0, 900.0), (50.0, 12_000.0), (1.5, 3e5)] {
            let nb = NegativeBinomial(mean: mean, shape: shape)
            let sd = (mean + mean * mean / shape).squareRoot()
            for offset in [-1.0, -0.4, 0, 0.3, 1, 2, 3, 6, 15, 60] {
                let x = max(1, (mean + offset * sd).rounded(.up))
                let bound = nb.logTailLowerBound(x)
                let tail = nb.logUpperTail(x)
                #expect(bound <= tail + 1e-9, "shape \(shape) mean \(mean) x \(x)")
                if offset >= 0 && offset <= 2 && mean > 64 {
                    cases += 1
                    // A tail of 1e−4 or more, the clip probability, is told without the continued fraction.
                    if bound > log(1e-4) || tail <= log(1e-4) { settled += 1 }
                    #expect(nb.logMass(x) < bound, "shape \(shape) mean \(mean) x \(x): tighter than the mass")
                }
            }
        }
        #expect(cases == 16 && settled == cases)
    }

    @Test("Chernoff's bound lies above the tail, and close enough to settle far-out counts")
    func chernoff() {
        for (shape, mean) in [(0.3, 2.0), (2.0, 40.0), (8.0, 900.0)] {
            let nb = NegativeBinomial(mean: mean, shape: shape)
            for factor in [1.1, 1.5, 3.0, 10.0, 100.0] {
                let x = (mean * factor).rounded(.up)
                let bound = nb.logChernoffBound(x)
                let tail = nb.logUpperTail(x)
                #expect(bound >= tail - 1e-9, "shape \(shape) mean \(mean) x \(x)")
                #expect(bound - tail < 2 + log(x), "shape \(shape) mean \(mean) x \(x)")
            }
        }
    }
}
