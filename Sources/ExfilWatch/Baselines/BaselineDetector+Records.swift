/// Bookkeeping of ``WindowScore`` records, kept only while a sink is set.
struct RecordState: Sendable {
    /// Per slot × scale: the last bucket (period index) whose record was emitted. Grown on demand, so
    /// it costs nothing without a sink.
    var recordedThrough: [Int32] = []
    /// Evaluations of the running window of the current bucket, by `slot << 3 | scale`.
    var open: [UInt64: OpenPeriod] = [:]

    struct OpenPeriod: Sendable {
        var period: Int32
        var steps: [WindowScore.Step] = []
        var lastScore = -Double.infinity
        var lastGate = GateValues(repos: 0, newRepos: 0, namespaces: 0, archives: 0)
        var alertingSeen = false
    }

    mutating func ensure(slots: Int, scales: Int) {
        let n = slots * scales
        if recordedThrough.count < n {
            recordedThrough.append(contentsOf: repeatElement(.min, count: n - recordedThrough.count))
        }
    }
}

extension BaselineDetector {
    /// Keeps the evaluations of this event as steps of the running windows' records (thinned; see
    /// ``WindowScore/steps``).
    mutating func recordSteps(slot: Int, sums: ScaleSums, scores: SIMD4<Double>, alerting: UInt8, emitted: Bool) {
        for s in 0..<scaleCount where scores[s] >= 0 {
            let learning = isLearning(scale: s)
            let key = UInt64(slot) << 3 | UInt64(s)
            let period = EventTime.floorDiv(nowMinute, geometry.bucketMinutes[s])
            var op = recording.open[key] ?? RecordState.OpenPeriod(period: period)
            if op.period != period { op = RecordState.OpenPeriod(period: period) }
            let gate = GateValues(sums[s])
            let isAlerting = alerting & (1 << UInt8(s)) != 0
            let g = model.records.stepGrowth
            func grew(_ v: Int, _ last: Int) -> Bool { Double(v) >= max(Double(last) * g, Double(last) + 1) }
            let keep =
                op.steps.isEmpty || scores[s] >= op.lastScore + model.records.stepScore
                || grew(gate.repos, op.lastGate.repos) || grew(gate.newRepos, op.lastGate.newRepos)
                || grew(gate.namespaces, op.lastGate.namespaces) || grew(gate.archives, op.lastGate.archives)
                || (isAlerting && (!op.alertingSeen || emitted))
            if keep {
                op.steps.append(
                    WindowScore.Step(
                        time: now, sequence: evaluationSequence, score: scores[s], gate: gate, learning: learning))
                op.lastScore = scores[s]
                op.lastGate = gate
            }
            if isAlerting { op.alertingSeen = true }
            recording.open[key] = op
        }
    }

    /// Emits the records of every bucket of `slot` that ended since the last call and whose window held
    /// a transfer. Runs before the slot's cells are compacted, so every window is still readable.
    mutating func emitRecords(slot: Int) {
        guard let sink = windowScoreSink else { return }
        recording.ensure(slots: slot + 1, scales: scaleCount)
        let ref = slots[slot].cells
        for s in 0..<scaleCount {
            let idx = slot * scaleCount + s
            let b = geometry.bucketMinutes[s]
            let w = geometry.windowMinutes[s]
            let current = EventTime.floorDiv(nowMinute, b)
            let key = UInt64(slot) << 3 | UInt64(s)
            defer {
                recording.recordedThrough[idx] = current - 1
                if let op = recording.open[key], op.period < current { recording.open[key] = nil }
            }
            guard let firstCell = cellPool.firstStart(ref), let lastCell = cellPool.lastStart(ref) else { continue }
            var p = max(recording.recordedThrough[idx] &+ 1, EventTime.floorDiv(firstCell, b))
            let last = min(current - 1, EventTime.floorDiv(lastCell + w, b) - 1)
            while p <= last {
                let end = (p + 1) * b
                let start = end - w
                var sums = cellPool.sum(ref, from: start, to: end)
                if sums.counts != .zero {
                    if slots[slot].sketchMask != 0 { applySketches(slot: slot, to: &sums, from: start, to: end) }
                    let op = recording.open[key]
                    let steps = op?.period == p ? op!.steps : []
                    sink(makeRecord(slot: slot, scale: s, sums: sums, from: start, to: end, steps: steps))
                }
                p += 1
            }
        }
    }

    func makeRecord(slot: Int, scale s: Int, sums: LaneCounts, from: Int32, to: Int32, steps: [WindowScore.Step])
        -> WindowScore
    {
        let ev = scoreWindow(slot: slot, scale: s, sums: sums, from: from, to: to)
        let gate = GateValues(sums)
        return WindowScore(
            actor: slots[slot].actor, scale: s, scaleName: tables.scaleNames[s], windowStart: Int64(from) * 60,
            windowEnd: Int64(to) * 60, score: ev.score, signals: signalReadings(ev, scale: s), gate: gate,
            floorsPassed: gate.passes(tables.floors[s]), learning: Int64(from) * 60 < learnUntil, steps: steps,
            exampleResources: examples(slot: slot, dim: 0, since: from),
            exampleSources: examples(slot: slot, dim: 2, since: from))
    }
}
