import Foundation

/// Population-wide state: the new-actor prior and the volume-surge baseline.
///
/// **New-actor prior.** Every closed window of an actor younger than `new_actors.age` adds its (clipped)
/// counts to forward-decayed sums per scale and signal (Cormode et al.'s forward decay: a window ending
/// at minute `t` weighs `2^((t − t₀) / half_life)`, so old windows fade without touching the sums). The
/// prior mean for a new actor is `(S₁ + n₀ w · prior_mean) / (S₀ + n₀ w)` with `n₀` the
/// `new_actors.prior_strength` and `w` the current weight: what new actors usually do, leaning on the
/// model file until enough of them were seen.
///
/// **Surge.** Actors add their volume counts (clones, fetches, LFS, archives, exports, bytes) to a
/// population window — each capped near its own expectation, so one actor's burst is not a surge. A
/// decayed Gamma baseline learns the population total per window with the population's hour-of-week
/// exposure. At each bucket boundary of a scale, the surge factor of each volume signal is
/// `clamp((observed + c) / (expected + c), 1, max_factor)` over the window that just ended (c is
/// `surge.pseudo_count`); it multiplies every actor's expectation at that scale for the next bucket.
struct PopulationModel: Sendable {
    let scales: Int
    /// Forward-decay reference minute and half-life, minutes.
    var decayReference: Int32 = 0
    let halfLifeMinutes: Double
    /// Σ weights of young actors' windows, per scale.
    var newWeight: [Double]
    /// Σ weight · count, per scale × signal.
    var newSums: [Double]

    /// Population cells (volume lanes only).
    var cells = CellListRef.empty
    /// Gamma baseline of the population totals: α per scale × signal, β per scale.
    var alpha: [Double]
    var beta: [Double]
    /// Last closed population window per scale.
    var closedThrough: [Int32]
    /// Surge factors per scale × signal (1 = none), valid for the bucket `surgePeriod[scale]`.
    var surge: [Double]
    var surgePeriod: [Int32]

    init(scales: Int, halfLifeSeconds: Int64) {
        self.scales = scales
        halfLifeMinutes = Double(halfLifeSeconds) / 60
        newWeight = Array(repeating: 0, count: scales)
        newSums = Array(repeating: 0, count: scales * BaselineSignal.count)
        alpha = Array(repeating: 0, count: scales * BaselineSignal.count)
        beta = Array(repeating: 0, count: scales)
        closedThrough = Array(repeating: .min, count: scales)
        surge = Array(repeating: 1, count: scales * BaselineSignal.count)
        surgePeriod = Array(repeating: .min, count: scales)
    }

    /// Forward-decay weight of minute `t`, renormalizing the sums when weights grow large.
    mutating func weight(at t: Int32) -> Double {
        var exponent = Double(t - decayReference) / halfLifeMinutes
        if exponent > 512 {
            let shift = exponent.rounded(.down)
            let scale = exp2(-shift)
            for i in newWeight.indices { newWeight[i] *= scale }
            for i in newSums.indices { newSums[i] *= scale }
            decayReference += Int32(shift * halfLifeMinutes)
            exponent = Double(t - decayReference) / halfLifeMinutes
        }
        return exp2(exponent)
    }

    /// Adds `count` windows of a young actor at `scale`, ending at minute `end`, with signal values `x`.
    mutating func addNewActorWindows(scale: Int, x: SignalVector, count: Double, end: Int32) {
        let w = weight(at: end) * count
        newWeight[scale] += w
        if x == .zero { return }
        let base = scale * BaselineSignal.count
        for i in 0..<BaselineSignal.count { newSums[base + i] += w * x[i] }
    }

    /// The new-actor prior mean per window of `signal` at `scale`, given the forward-decay weight of
    /// the current minute (``weight(at:)``, computed once for all signals and scales of a new actor).
    func newActorMean(scale: Int, signal: Int, priorMean: Double, strength: Double, weight: Double) -> Double {
        let n0 = strength * weight
        let s0 = newWeight[scale] + n0
        guard s0 > 0 else { return priorMean }
        return (newSums[scale * BaselineSignal.count + signal] + n0 * priorMean) / s0
    }

    var approximateBytes: Int {
        (newWeight.capacity + newSums.capacity + alpha.capacity + beta.capacity + surge.capacity) * 8
            + (closedThrough.capacity + surgePeriod.capacity) * 4 + 64
    }
}

/// Ten signal values (lanes 0…9; the rest unused), kept in a SIMD vector so that passing them around
/// allocates nothing.
typealias SignalVector = SIMD16<Double>

extension SignalVector {
    /// The signals of window counters (``BaselineSignal/lane`` spelled out, so it compiles to a few
    /// vector conversions: this runs for every window learned or scored).
    @inline(__always)
    init(_ sums: LaneCounts) {
        let c = SIMD8<Double>(sums.counts)
        let d = SIMD4<Double>(sums.distinct)
        self.init(repeating: 0)
        self[BaselineSignal.clones.rawValue] = c[Int(ActionClass.clone.rawValue)]
        self[BaselineSignal.fetches.rawValue] = c[Int(ActionClass.fetch.rawValue)]
        self[BaselineSignal.lfs.rawValue] = c[Int(ActionClass.lfs.rawValue)]
        self[BaselineSignal.archives.rawValue] = c[Int(ActionClass.archive.rawValue)]
        self[BaselineSignal.exports.rawValue] = c[Int(ActionClass.export.rawValue)]
        self[BaselineSignal.bytesOut.rawValue] = c[LaneCounts.bytesLane]
        self[BaselineSignal.distinctRepos.rawValue] = d[LaneCounts.reposLane]
        self[BaselineSignal.newRepos.rawValue] = d[LaneCounts.newReposLane]
        self[BaselineSignal.namespaces.rawValue] = d[LaneCounts.namespacesLane]
        self[BaselineSignal.sourceIPs.rawValue] = d[LaneCounts.sourcesLane]
    }
}
