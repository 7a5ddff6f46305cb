extension BaselineDetector {
    /// Recomputes the alerts that a detector with `threshold` and per-scale `floors` would have raised,
    /// from ``WindowScore`` records alone — for sweeping thresholds without re-running.
    ///
    /// All steps of all records are taken in event-time order (ties by evaluation sequence). For each
    /// evaluation (the steps sharing a sequence number), the scales whose step is outside the learning
    /// period, scores at least `threshold` and passes `floors[scale]` are alerting; the highest-scoring
    /// one (the finest on ties) is offered to the same episode rule as the live detector
    /// (``EpisodeTracker``, with the model's `cooldown` and severity bands), with the end of the latest
    /// alerting bucket as the episode's activity.
    ///
    /// Exactness: learning does not depend on the threshold or floors (clipping uses its own
    /// `learning.clip_score`), so the recorded scores are those any threshold would see. With the
    /// model's own threshold and floors, the replay raises exactly the live alerts (same actor, episode
    /// start, revision, window, detection time, score, severity), because every evaluation that
    /// alerted first in its bucket or raised an alert is kept as a step. At other settings, steps are
    /// thinned (a new step when the score rose by `records.step_score` or a floor count by
    /// `records.step_growth`), so an alert can come a few events later than live; floors below the
    /// evaluation floors cannot be replayed. Candidates carry the record's end-of-bucket signals and
    /// reason rather than those at the moment of the step.
    /// - Complexity: O(n log n) in the number of steps.
    public static func replay(
        records: [WindowScore], threshold: Double, floors: [BaselineModel.Floors], model: BaselineModel
    ) -> [AlertCandidate] {
        var items: [(time: Int64, sequence: UInt64, scale: Int, record: Int, step: Int)] = []
        for (ri, r) in records.enumerated() {
            for (si, st) in r.steps.enumerated() { items.append((st.time, st.sequence, r.scale, ri, si)) }
        }
        items.sort { ($0.time, $0.sequence, $0.scale) < ($1.time, $1.sequence, $1.scale) }
        var tracker = EpisodeTracker()
        var out: [AlertCandidate] = []
        var i = 0
        while i < items.count {
            var j = i
            while j < items.count && items[j].sequence == items[i].sequence && items[j].time == items[i].time { j += 1 }
            var best = -1
            var bestScore = -Double.infinity
            var activeUntil = Int64.min
            for k in i..<j {
                let r = records[items[k].record]
                let st = r.steps[items[k].step]
                guard !st.learning, st.score >= threshold, r.scale < floors.count, st.gate.passes(floors[r.scale])
                else { continue }
                if st.score > bestScore {
                    best = k
                    bestScore = st.score
                }
                activeUntil = max(activeUntil, r.windowEnd)
            }
            if best >= 0 {
                let r = records[items[best].record]
                let st = r.steps[items[best].step]
                let severity = severity(score: st.score, model: model)
                if let d = tracker.consider(
                    actor: r.actor, windowStart: r.windowStart, activeUntil: activeUntil,
                    severity: severity, cooldown: model.cooldown)
                {
                    let signals = rankedSignals(r.signals, limit: 6)
                    out.append(
                        AlertCandidate(
                            actor: r.actor, episodeStart: d.start, revision: d.revision, windowStart: r.windowStart,
                            windowEnd: r.windowEnd, detectedAt: st.time, score: st.score, severity: severity,
                            reason: reason(signals: signals, gate: r.gate, scaleName: r.scaleName), signals: signals,
                            exampleResources: r.exampleResources, exampleSources: r.exampleSources))
                }
            }
            i = j
        }
        return out
    }
}
