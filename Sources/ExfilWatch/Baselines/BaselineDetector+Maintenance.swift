import Foundation

/// Lazy learning: closing an actor's tumbling windows into its baselines, compacting its cells, and the
/// population's own windows.
extension BaselineDetector {
    /// Brings a slot up to the clock: emits its records (with a sink), learns every tumbling window that
    /// ended at or before the watermark, then merges or drops cells no window can read any more and frees
    /// the distinct sets of an actor whose cells are all gone.
    /// - Complexity: O(cells + closed windows); runs when the actor is seen after its next tumbling
    ///   window became closable (every minute with a sink).
    mutating func maintain(slot: Int) {
        if windowScoreSink != nil { emitRecords(slot: slot) }
        let wm = watermarkMinute
        for s in 0..<scaleCount { closeWindows(slot: slot, scale: s, watermark: wm) }
        for s in 0..<scaleCount {
            let closedEnd = (closedThrough[slot * scaleCount + s] + 1) * geometry.windowMinutes[s]
            cutoffScratch[s] = min(closedEnd, runStart[s])
        }
        cellPool.compact(&slots[slot].cells, cutoffs: cutoffScratch)
        slots[slot].oldestCell = cellPool.firstStart(slots[slot].cells) ?? watermarkMinute - 1
        if slots[slot].cells.base == .max {
            keyPool.release(&slots[slot].keys)
            if slots[slot].sketchMask != 0 {
                for dim in 0..<3 { sketches[BaselineDetector.sketchKey(slot: slot, dim: dim)] = nil }
                slots[slot].sketchMask = 0
            }
        }
        var due = Int32.max
        let latenessMinutes = Int32((allowedLateness + 59) / 60)
        for s in 0..<scaleCount {
            let nextEnd = (closedThrough[slot * scaleCount + s] + 2) * geometry.windowMinutes[s]
            due = min(due, nextEnd + latenessMinutes)
        }
        slots[slot].due = windowScoreSink != nil ? nowMinute + 1 : due
    }

    /// Learns the slot's tumbling windows of `scale` that end at or before minute `watermark`: windows
    /// with activity one by one (clipped), runs of empty windows together
    /// (``learnEmpty(slot:scale:firstWindow:count:)``).
    mutating func closeWindows(slot: Int, scale s: Int, watermark: Int32) {
        let w = geometry.windowMinutes[s]
        let idx = slot * scaleCount + s
        var k = closedThrough[idx] + 1
        let last = EventTime.floorDiv(watermark, w) - 1
        guard k <= last else { return }
        let ref = slots[slot].cells
        var cursor = 0
        while k <= last {
            let from = k * w
            var sums = cellPool.sum(ref, from: from, to: from + w, cursor: &cursor)
            if sums.counts == .zero {
                let next = cellPool.start(ref, at: cursor).map { EventTime.floorDiv($0, w) } ?? (last + 1)
                let n = min(next, last + 1) - k
                learnEmpty(slot: slot, scale: s, firstWindow: k, count: n)
                k += n
            } else {
                if slots[slot].sketchMask != 0 { applySketches(slot: slot, to: &sums, from: from, to: from + w) }
                learn(slot: slot, scale: s, window: k, sums: sums)
                k += 1
            }
        }
        closedThrough[idx] = last
    }

    /// The predictive of one signal: NB with mean `α/β · exposure · surge` and shape
    /// `min(ramp, max(α, min_shape))`, where `ramp = min_shape + (max_shape − min_shape) · β / (β + β½)`
    /// grows with the evidence β (windows of exposure) and `β½` is `new_actors.age` in windows: an actor
    /// with little history gets heavy tails (judged loosely), a long history the `max_shape` dispersion.
    @inline(__always)
    func predictive(alpha: Float32, beta: Double, exposure: Double, surge: Double, scale s: Int, signal i: Int)
        -> NegativeBinomial
    {
        BaselineDetector.predictive(
            alpha: alpha, beta: beta, exposure: exposure, surge: surge, scale: s, signal: i, tables: tables)
    }

    /// ``predictive(alpha:beta:exposure:surge:scale:signal:)`` on explicit tables.
    @inline(__always)
    static func predictive(
        alpha: Float32, beta: Double, exposure: Double, surge: Double, scale s: Int, signal i: Int,
        tables: borrowing ModelTables
    ) -> NegativeBinomial {
        let a = Double(alpha)
        let rate = max(a / max(beta, 1e-9), 1e-9)
        let t = s * BaselineSignal.count + i
        let lo = tables.minShape[t]
        let ramp = lo + (tables.maxShape[t] - lo) * beta / (beta + tables.evidenceHalf[s])
        let shape = min(ramp, max(a, lo))
        return NegativeBinomial(mean: rate * exposure * surge, shape: shape)
    }

    /// Folds one closed window with activity into the slot's baseline at `scale`. Unless the window's
    /// repositories are mostly familiar, each signal scoring at least `learning.clip_score` is first
    /// winsorized to the largest count that scores below it, so a burst does not teach that bursts are
    /// normal. Young actors' windows also feed the new-actor prior.
    mutating func learn(slot: Int, scale s: Int, window k: Int32, sums: LaneCounts) {
        let w = geometry.windowMinutes[s]
        let from = k * w
        let e = exposure(slot: slot, from: from, to: from + w)
        let base = (slot * scaleCount + s) * BaselineDetector.baselineStride
        let beta = Double(baselines[base])
        var x = SignalVector(sums)
        let repos = x[BaselineSignal.distinctRepos.rawValue]
        let fresh = x[BaselineSignal.newRepos.rawValue]
        let familiar = repos == 0 || fresh <= model.learning.familiarFraction * repos
        if !familiar {
            let level = tables.clipLevel
            let p = tables.clipProbability
            for i in 0..<BaselineSignal.count where x[i] > 0 {
                let nb = predictive(
                    alpha: baselines[base + 1 + i], beta: beta, exposure: e, surge: 1, scale: s, signal: i)
                if x[i] > nb.mean && nb.upperTail(x[i], isAtMost: p) {
                    x[i] = min(x[i], nb.largestCount(withSurpriseBelow: level, probability: p, ceiling: x[i]))
                }
            }
        }
        let lambda = decay[s]
        for i in 0..<BaselineSignal.count {
            baselines[base + 1 + i] = Float32(lambda * Double(baselines[base + 1 + i]) + x[i])
        }
        baselines[base] = Float32(lambda * beta + e)
        let youngUntil = youngUntilMinute(slot: slot)
        if from + w <= youngUntil {
            population.addNewActorWindows(scale: s, x: x, count: 1, end: from + w)
        }
    }

    /// Folds `count` empty windows starting with window `k` into the slot's baseline: per window,
    /// `α ← λα`, `β ← λβ + exposure`, where a window inside one hour has that hour's exposure. When
    /// windows divide an hour, the `m` of them in one hour (exposure `e`) fold in one step,
    /// `α ← λ^m α`, `β ← λ^m β + e·(1 + λ + … + λ^(m−1))`: O(hours) rather than O(windows). Runs
    /// longer than 20 000 windows decay their oldest part in closed form with the mean exposure.
    mutating func learnEmpty(slot: Int, scale s: Int, firstWindow k: Int32, count n: Int32) {
        let w = geometry.windowMinutes[s]
        let base = (slot * scaleCount + s) * BaselineDetector.baselineStride
        let lambda = decay[s]
        var beta = Double(baselines[base])
        var shrink = 1.0
        var start = k
        var remaining = n
        let maxLoop: Int32 = 20_000
        if remaining > maxLoop {
            let bulk = remaining - maxLoop
            let ebar = exposure(slot: slot, from: start * w, to: (start + bulk) * w)
            let lb = pow(lambda, Double(bulk))
            shrink = lb
            beta = lb * beta + ebar * (1 - lb) / (1 - lambda)
            start += bulk
            remaining = maxLoop
        }
        let profile = slots[slot].profile
        let end = start + remaining
        var j = start
        if 60 % w == 0 {
            let perHour = 60 / w
            let steps = s * BaselineDetector.decayRowLength
            while j < end {
                let hour = EventTime.floorDiv(j * w, 60)
                let m = min(end, (hour + 1) * perHour) - j
                let e = profiles.meanFactor(from: hour * 60, to: hour * 60 + 60, profile: profile)
                let lm = decayPowers[steps + Int(m)]
                beta = lm * beta + e * decaySums[steps + Int(m)]
                shrink *= lm
                j += m
            }
        } else {
            while j < end {
                let from = j * w
                let hour = EventTime.floorDiv(from, 60)
                let inOneHour = w <= 60 && EventTime.floorDiv(from + w - 1, 60) == hour
                beta =
                    lambda * beta
                    + (inOneHour
                        ? profiles.meanFactor(from: hour * 60, to: hour * 60 + 60, profile: profile)
                        : exposure(slot: slot, from: from, to: from + w))
                shrink *= lambda
                j += 1
            }
        }
        for i in 0..<BaselineSignal.count {
            baselines[base + 1 + i] = Float32(shrink * Double(baselines[base + 1 + i]))
        }
        baselines[base] = Float32(beta)
        let youngUntil = youngUntilMinute(slot: slot)
        let youngWindows = min(n, max(0, EventTime.floorDiv(youngUntil, w) - k))
        if youngWindows > 0 {
            population.addNewActorWindows(
                scale: s, x: SignalVector(repeating: 0), count: Double(youngWindows), end: (k + youngWindows) * w)
        }
    }

    /// Minute until which the slot's actor counts as new.
    @inline(__always)
    func youngUntilMinute(slot: Int) -> Int32 {
        let first = actors[Int(slots[slot].actor)].first
        return first &+ Int32(clamping: model.newActors.age / 60)
    }

    // MARK: Population

    /// Clock work at each new minute: closes population windows, refreshes surge factors at bucket
    /// boundaries, compacts the population cellPool.
    mutating func populationTick() {
        let wm = watermarkMinute
        for s in 0..<scaleCount { closePopulationWindows(scale: s, watermark: wm) }
        for s in 0..<scaleCount {
            let period = EventTime.floorDiv(nowMinute, geometry.bucketMinutes[s])
            if period != population.surgePeriod[s] {
                refreshSurge(scale: s)
                population.surgePeriod[s] = period
            }
        }
        for s in 0..<scaleCount {
            let closedEnd = (population.closedThrough[s] + 1) * geometry.windowMinutes[s]
            let surgeStart = geometry.bucketStart(nowMinute, scale: s) - geometry.windowMinutes[s]
            cutoffScratch[s] = min(closedEnd, surgeStart)
        }
        cellPool.compact(&population.cells, cutoffs: cutoffScratch)
    }

    /// Learns the population's closed windows of `scale`: the decayed Gamma of volume totals.
    mutating func closePopulationWindows(scale s: Int, watermark: Int32) {
        let w = geometry.windowMinutes[s]
        let last = EventTime.floorDiv(watermark, w) - 1
        if population.closedThrough[s] == .min {
            population.closedThrough[s] = last
            return
        }
        var k = population.closedThrough[s] + 1
        guard k <= last else { return }
        let lambda = decay[s]
        let base = s * BaselineSignal.count
        if last - k > 20_000 {
            let bulk = last - k - 20_000
            let lb = pow(lambda, Double(bulk))
            for i in 0..<BaselineSignal.count { population.alpha[base + i] *= lb }
            population.beta[s] = lb * population.beta[s] + (1 - lb) / (1 - lambda)
            k += bulk
        }
        while k <= last {
            let from = k * w
            let sums = cellPool.sum(population.cells, from: from, to: from + w)
            let e = profiles.meanFactor(from: from, to: from + w, profile: SeasonalProfiles.none)
            population.beta[s] = lambda * population.beta[s] + e
            for signal in BaselineSignal.volumeSignals {
                let i = base + signal.rawValue
                population.alpha[i] = lambda * population.alpha[i] + signal.value(in: sums)
            }
            k += 1
        }
        population.closedThrough[s] = last
    }

    /// Surge factors of `scale` for the bucket that starts now, from the population window that just
    /// ended: `clamp((observed + c) / (expected + c), 1, max_factor)` per volume signal.
    mutating func refreshSurge(scale s: Int) {
        let base = s * BaselineSignal.count
        let beta = population.beta[s]
        guard model.surge.enabled, beta >= model.surge.minWindows, beta > 0 else {
            for i in 0..<BaselineSignal.count { population.surge[base + i] = 1 }
            return
        }
        let end = geometry.bucketStart(nowMinute, scale: s)
        let start = end - geometry.windowMinutes[s]
        let sums = cellPool.sum(population.cells, from: start, to: end)
        let e = profiles.meanFactor(from: start, to: end, profile: SeasonalProfiles.none)
        let c = model.surge.pseudoCount
        for signal in BaselineSignal.volumeSignals {
            let i = base + signal.rawValue
            let expected = population.alpha[i] / beta * e
            let ratio = (signal.value(in: sums) + c) / (expected + c)
            population.surge[i] = min(model.surge.maxFactor, max(1, ratio))
        }
    }
}
