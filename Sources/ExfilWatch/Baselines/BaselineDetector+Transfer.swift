/// The per-event work for transfer-out actions: counting, distinct sets, novelty, population.
extension BaselineDetector {
    /// Counts a transfer-out event of actor `a` at minute `m` and evaluates its running windows.
    /// Allocation-free in steady state: pools reuse released blocks, and sums live in fixed storage.
    mutating func observeTransfer(_ o: Observation, actor a: Int, minute m: Int32, emit: (AlertCandidate) -> Void) {
        var slot = Int(actors[a].slot)
        if actors[a].slot == BaselineDetector.noSlot { slot = createSlot(actor: a, minute: m) }
        if nowMinute >= slots[slot].due { maintain(slot: slot) }

        var delta = LaneCounts.zero
        delta.counts[Int(o.action.rawValue)] = 1
        if o.bytes > 0 {
            let unit = model.bytesUnit
            delta.counts[LaneCounts.bytesLane] = UInt32(min((o.bytes + unit / 2) / unit, LaneCounts.maxEventUnits))
        }
        if o.resource != Observation.none {
            touchKey(slot: slot, dim: 0, id: o.resource, minute: m, lane: LaneCounts.reposLane, delta: &delta)
        }
        if o.namespace != Observation.none {
            touchKey(slot: slot, dim: 1, id: o.namespace, minute: m, lane: LaneCounts.namespacesLane, delta: &delta)
        }
        if o.source != Observation.none {
            touchKey(slot: slot, dim: 2, id: o.source, minute: m, lane: LaneCounts.sourcesLane, delta: &delta)
        }
        cellPool.add(&slots[slot].cells, minute: m, delta: delta)

        let hour = EventTime.hourOfWeek(minute: m)
        profiles.recordPopulation(hour: hour, minute: m)
        slots[slot].transfers &+= 1
        if slots[slot].profile != SeasonalProfiles.none {
            profiles.recordActor(slots[slot].profile, hour: hour)
        } else if model.seasonality.enabled && Int(slots[slot].transfers) >= model.seasonality.actorMinEvents {
            slots[slot].profile = profiles.allocate(minute: m)
            profiles.recordActor(slots[slot].profile, hour: hour)
        }

        // While every scale learns and no records are kept, no score is needed: only the population's
        // cap reads a running window, so the walk stops there rather than at the longest scale's start.
        let scoring = windowScoreSink != nil || !isLearning(scale: 0)
        let needed = scoring ? scaleCount : model.surge.enabled ? model.surgeCapScale + 1 : 0
        guard needed > 0 else { return }
        var sums = cellPool.runningSums(slots[slot].cells, starts: runStart, scales: needed)
        if slots[slot].sketchMask != 0 { applySketches(slot: slot, to: &sums, scales: needed) }
        if model.surge.enabled { contributeToPopulation(slot: slot, delta: delta, sums: sums, minute: m) }
        if scoring { evaluate(slot: slot, sums: sums, emit: emit) }
    }

    /// Records a touch of a repository (dim 0), namespace (1) or source (2) and moves the key's
    /// latest-touch count into the current cell (see ``LaneCounts``). A repository never touched by the
    /// actor before also counts as new (novelty filter).
    @inline(__always)
    mutating func touchKey(slot: Int, dim: Int, id: UInt32, minute m: Int32, lane: Int, delta: inout LaneCounts) {
        if slots[slot].sketchMask & (1 << UInt8(dim)) != 0 {
            sketches[BaselineDetector.sketchKey(slot: slot, dim: dim)]?.insert(
                hash: BaselineDetector.keyHash(dim: dim, id: id), minute: m)
            if dim == 0 && !noveltyPool.contains(slots[slot].novelty, id) {
                noveltyPool.insert(&slots[slot].novelty, id)
                delta.distinct[LaneCounts.newReposLane] &+= 1
            }
            return
        }
        // Keys older than the actor's oldest cell lie in dropped cells and can be forgotten.
        let purge = slots[slot].oldestCell
        if let prev = keyPool.touch(&slots[slot].keys, dim: dim, id: id, minute: m, purgeBefore: purge) {
            let b0 = geometry.bucketMinutes[0]
            if m > prev && EventTime.floorDiv(prev, b0) != EventTime.floorDiv(m, b0) {
                cellPool.decrementDistinct(slots[slot].cells, minute: prev, lane: lane)
                delta.distinct[lane] &+= 1
            }
        } else {
            delta.distinct[lane] &+= 1
            if dim == 0 && !noveltyPool.contains(slots[slot].novelty, id) {
                noveltyPool.insert(&slots[slot].novelty, id)
                delta.distinct[LaneCounts.newReposLane] &+= 1
            }
            if Int(slots[slot].keys.dims[dim]) > model.distinct.exactLimit { switchToSketch(slot: slot, dim: dim) }
        }
    }

    static func sketchKey(slot: Int, dim: Int) -> UInt64 { UInt64(slot) << 2 | UInt64(dim) }

    static func keyHash(dim: Int, id: UInt32) -> UInt64 { mix64(UInt64(id) | UInt64(dim + 1) << 40) }

    /// Moves a dimension whose exact set outgrew `distinct.exact_limit` into a sliding HyperLogLog.
    mutating func switchToSketch(slot: Int, dim: Int) {
        var sketch = SlidingHyperLogLog(precision: model.distinct.hllPrecision, slots: model.distinct.hllSlots)
        for e in keyPool.entries(slots[slot].keys, dim: dim, since: .min) {
            sketch.insert(hash: BaselineDetector.keyHash(dim: dim, id: e.id), minute: e.minute)
        }
        keyPool.rebuild(&slots[slot].keys, purgeBefore: .min, excludingDim: dim, extra: 0)
        sketches[BaselineDetector.sketchKey(slot: slot, dim: dim)] = sketch
        slots[slot].sketchMask |= 1 << UInt8(dim)
    }

    /// Distinct lane of dimension `dim`.
    static func distinctLane(dim: Int) -> Int {
        dim == 0 ? LaneCounts.reposLane : dim == 1 ? LaneCounts.namespacesLane : LaneCounts.sourcesLane
    }

    /// Replaces the running distinct counts of sketched dimensions in the first `scales` scales by the
    /// sketches' estimates.
    func applySketches(slot: Int, to sums: inout ScaleSums, scales: Int) {
        for dim in 0..<3 where slots[slot].sketchMask & (1 << UInt8(dim)) != 0 {
            guard let sketch = sketches[BaselineDetector.sketchKey(slot: slot, dim: dim)] else { continue }
            let lane = BaselineDetector.distinctLane(dim: dim)
            for s in 0..<scales {
                var v = sums[s]
                v.distinct[lane] = UInt32(sketch.estimate(from: runStart[s]).rounded())
                sums[s] = v
            }
        }
    }

    /// Distinct counts of a past window `[from, to)` from sketched dimensions (approximate).
    func applySketches(slot: Int, to sums: inout LaneCounts, from: Int32, to: Int32) {
        for dim in 0..<3 where slots[slot].sketchMask & (1 << UInt8(dim)) != 0 {
            guard let sketch = sketches[BaselineDetector.sketchKey(slot: slot, dim: dim)] else { continue }
            sums.distinct[BaselineDetector.distinctLane(dim: dim)] = UInt32(
                sketch.estimate(from: from, to: to).rounded())
        }
    }

    /// Adds the event's volume counts to the population window, each capped so that the actor's running
    /// count at the cap scale stays within `cap_multiple × expected + cap_floor`.
    mutating func contributeToPopulation(slot: Int, delta: LaneCounts, sums: ScaleSums, minute m: Int32) {
        let s = model.surgeCapScale
        let base = (slot * scaleCount + s) * BaselineDetector.baselineStride
        let beta = Double(baselines[base])
        let exposure = exposure(slot: slot, from: runStart[s], to: runEnd[s], scale: s)
        let running = sums[s]
        var contribution = LaneCounts.zero
        for signal in BaselineSignal.volumeSignals {
            let lane = signal.lane.index
            let inc = delta.counts[lane]
            if inc == 0 { continue }
            let expected = Double(baselines[base + 1 + signal.rawValue]) / max(beta, 1e-9) * exposure
            let cap = model.surge.capMultiple * expected + model.surge.capFloor
            // The running count includes `inc`; a wrapped lane (hostile sums) must not trap here.
            let before = Double(running.counts[lane] >= inc ? running.counts[lane] - inc : 0)
            let room = max(0, (cap - before).rounded(.down))
            contribution.counts[lane] = UInt32(min(Double(inc), room))
        }
        if contribution.counts != .zero { cellPool.add(&population.cells, minute: m, delta: contribution) }
    }

    /// Mean seasonal factor of an actor over `[from, to)` minutes (1 when seasonality is off). Pass
    /// `scale` when the range is that scale's running window, to use the per-minute cache for actors
    /// without a profile of their own.
    @inline(__always)
    func exposure(slot: Int, from: Int32, to: Int32, scale: Int = -1) -> Double {
        let profile = slots[slot].profile
        if profile == SeasonalProfiles.none && scale >= 0 && from == runStart[scale] && to == runEnd[scale] {
            return runExposure[scale]
        }
        return profiles.meanFactor(from: from, to: to, profile: profile)
    }
}
