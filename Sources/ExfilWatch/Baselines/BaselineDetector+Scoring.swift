import Foundation

/// One window scored against an actor's baseline.
struct WindowEvaluation: Sendable {
    /// `max(0, max over signals of −log10 p − log10 10)`.
    var score: Double
    var observed: SignalVector
    /// Mean of each signal's predictive.
    var expected: SignalVector
    /// Natural log of each signal's upper-tail p-value (0 where nothing was observed).
    var logP: SignalVector
}

/// The scoring rule and the live alert decision.
///
/// For a window of scale `s` and each signal `k` with observed count `x_k ≥ 1`:
/// `p_k = P(X ≥ x_k)` under the actor's negative-binomial predictive (mean `α_k/β · exposure · surge`,
/// shape `clamp(α_k, min_shape, max_shape)`); the window's score is
/// `max(0, max_k(−log10 p_k) − log10 10)` (a Bonferroni correction for the ten signals). A window
/// alerts when it is past the learning period, its score reaches `threshold`, and its counts pass the
/// scale's `floors`; scores are computed only for windows that pass the lower `evaluation_floors`.
extension BaselineDetector {
    /// Scores the counts `sums` of a window `[from, to)` (minutes) of `slot` at `scale`.
    /// - Complexity: ten tail evaluations (O(√x) each).
    func scoreWindow(slot: Int, scale s: Int, sums: LaneCounts, from: Int32, to: Int32) -> WindowEvaluation {
        BaselineDetector.score(
            observed: SignalVector(sums), baselines: baselines, base: (slot * scaleCount + s) * Self.baselineStride,
            exposure: exposure(slot: slot, from: from, to: to, scale: s), surge: population.surge, tables: tables,
            scale: s)
    }

    /// The scoring rule on explicit inputs: the baseline of one (slot, scale) at `baselines[base...]`.
    ///
    /// Static, with borrowed arrays, so the per-event path reads the few arrays it needs instead of
    /// copying the detector (a method on `self` called from a mutating one made Swift copy and retain the
    /// whole struct on every evaluation).
    static func score(
        observed: SignalVector, baselines: borrowing [Float32], base: Int, exposure e: Double,
        surge: borrowing [Double], tables: borrowing ModelTables, scale s: Int
    ) -> WindowEvaluation {
        let beta = Double(baselines[base])
        var ev = WindowEvaluation(
            score: 0, observed: observed, expected: SignalVector(repeating: 0), logP: SignalVector(repeating: 0))
        var best = 0.0
        for i in 0..<BaselineSignal.count {
            let nb = predictive(
                alpha: baselines[base + 1 + i], beta: beta, exposure: e, surge: surge[s * BaselineSignal.count + i],
                scale: s, signal: i, tables: tables)
            ev.expected[i] = nb.mean
            let x = observed[i]
            if x >= 1 {
                let lp = nb.logUpperTail(x)
                ev.logP[i] = lp
                best = max(best, -lp / M_LN10 - log10Signals)
            }
        }
        ev.score = best
        return ev
    }

    /// Severity of a score under `model`'s bands.
    static func severity(score: Double, model: BaselineModel) -> AlertSeverity {
        if score >= model.severity.critical { return .critical }
        if score >= model.severity.high { return .high }
        if score >= model.severity.medium { return .medium }
        return .low
    }

    /// Scores every running window of `slot` that passes its evaluation floors, and raises or escalates
    /// the actor's episode when one alerts (the highest-scoring alerting scale speaks for the event).
    mutating func evaluate(slot: Int, sums: ScaleSums, emit: (AlertCandidate) -> Void) {
        var scores = SIMD4<Double>(repeating: -1)
        var alerting: UInt8 = 0
        var any = false
        let recordsScores = windowScoreSink != nil
        let threshold = model.threshold
        for s in 0..<scaleCount {
            let gate = GateValues(sums[s])
            guard gate.passes(tables.evaluationFloors[s]) else { continue }
            any = true
            let canAlert = !isLearning(scale: s) && gate.passes(tables.floors[s])
            // Without a record sink, a window that cannot alert needs no score.
            guard canAlert || recordsScores else { continue }
            let e = exposure(slot: slot, from: runStart[s], to: runEnd[s], scale: s)
            let score = BaselineDetector.score(
                observed: SignalVector(sums[s]), baselines: baselines,
                base: (slot * scaleCount + s) * Self.baselineStride,
                exposure: e, surge: population.surge, tables: tables, scale: s
            ).score
            scores[s] = score
            if canAlert && score >= threshold { alerting |= 1 << UInt8(s) }
        }
        guard any else { return }
        evaluationSequence &+= 1
        var decision: (start: Int64, revision: Int)?
        var best = -1
        if alerting != 0 {
            var activeUntil = Int64.min
            for s in 0..<scaleCount where alerting & (1 << UInt8(s)) != 0 {
                if best < 0 || scores[s] > scores[best] { best = s }
                activeUntil = max(activeUntil, Int64(runEnd[s]) * 60)
            }
            decision = episodes.consider(
                actor: slots[slot].actor, windowStart: Int64(runStart[best]) * 60, activeUntil: activeUntil,
                severity: BaselineDetector.severity(score: scores[best], model: model), cooldown: model.cooldown)
        }
        if recordsScores {
            recordSteps(slot: slot, sums: sums, scores: scores, alerting: alerting, emitted: decision != nil)
        }
        if let d = decision {
            emit(makeCandidate(slot: slot, scale: best, sums: sums[best], episodeStart: d.start, revision: d.revision))
        }
    }

    /// Builds the alert for the running window of `scale`.
    func makeCandidate(slot: Int, scale s: Int, sums: LaneCounts, episodeStart: Int64, revision: Int) -> AlertCandidate
    {
        let ev = scoreWindow(slot: slot, scale: s, sums: sums, from: runStart[s], to: runEnd[s])
        let signals = BaselineDetector.rankedSignals(
            signalReadings(ev, scale: s), limit: 6)
        let gate = GateValues(sums)
        return AlertCandidate(
            actor: slots[slot].actor, episodeStart: episodeStart, revision: revision,
            windowStart: Int64(runStart[s]) * 60, windowEnd: Int64(runEnd[s]) * 60, detectedAt: now,
            score: ev.score, severity: BaselineDetector.severity(score: ev.score, model: model),
            reason: BaselineDetector.reason(signals: signals, gate: gate, scaleName: tables.scaleNames[s]),
            signals: signals, exampleResources: examples(slot: slot, dim: 0, since: runStart[s]),
            exampleSources: examples(slot: slot, dim: 2, since: runStart[s]))
    }

    /// All ten signals of an evaluation as alert signals (bytes in bytes), in signal order.
    func signalReadings(_ ev: WindowEvaluation, scale s: Int) -> [AlertSignal] {
        BaselineSignal.allCases.map { signal in
            let i = signal.rawValue
            let unit = signal == .bytesOut ? Double(model.bytesUnit) : 1
            return AlertSignal(
                name: signal.name, scale: tables.scaleNames[s], observed: ev.observed[i] * unit,
                expected: ev.expected[i] * unit, pValue: exp(ev.logP[i]))
        }
    }

    /// Signals with something observed, most anomalous first (ties in signal order), at most `limit`.
    static func rankedSignals(_ all: [AlertSignal], limit: Int) -> [AlertSignal] {
        let observed = all.enumerated().filter { $0.element.observed > 0 }
        let sorted = observed.sorted { a, b in
            a.element.pValue != b.element.pValue ? a.element.pValue < b.element.pValue : a.offset < b.offset
        }
        return sorted.prefix(limit).map(\.element)
    }

    /// "pulled 212 distinct repositories (180 new, across 9 namespaces) in 10m; usually 1.3".
    static func reason(signals: [AlertSignal], gate: GateValues, scaleName: String) -> String {
        guard let top = signals.first,
            let signal = BaselineSignal.allCases.first(where: { $0.name == top.name })
        else { return "unusual activity in \(scaleName)" }
        var parts: [String] = []
        let count = BaselineSignal.counted
        if signal != .distinctRepos && gate.repos > 0 {
            parts.append(count(Int(gate.repos), "repository", "repositories"))
        }
        if signal != .newRepos && gate.repos > 0 { parts.append("\(gate.newRepos) new") }
        if signal != .namespaces && gate.namespaces > 0 {
            parts.append("across " + count(Int(gate.namespaces), "namespace", "namespaces"))
        }
        let clause = parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
        let usual =
            signal == .bytesOut
            ? BaselineSignal.formatBytes(top.expected) : BaselineSignal.formatNumber(top.expected)
        return "\(signal.phrase(top.observed, bytesUnit: 1))\(clause) in \(scaleName); usually \(usual)"
    }

    /// Up to five ids of dimension `dim` the slot touched at or after `since`, most recent first.
    func examples(slot: Int, dim: Int, since: Int32) -> [UInt32] {
        let entries = keyPool.entries(slots[slot].keys, dim: dim, since: since)
        return entries.sorted { $0.minute != $1.minute ? $0.minute > $1.minute : $0.id < $1.id }.prefix(5).map(\.id)
    }
}
