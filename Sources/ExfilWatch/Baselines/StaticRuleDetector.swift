/// Runs one ``StaticRule`` per actor, firing as soon as the rule's window crosses its threshold and
/// then staying quiet for that actor until the window falls below it again (one alert per episode).
///
/// Per-actor state is the list of counted events still inside the window, so memory follows the
/// actors' recent activity; a burst is capped at 4 × the threshold entries (enough to report it).
public struct StaticRuleDetector: Detector {
    public let rule: StaticRule
    public var name: String { rule.rawValue }

    struct ActorState {
        /// (time, resource) of counted events inside the window, oldest first.
        var recent: [(time: Int64, resource: UInt32)] = []
        var sources: [UInt32] = []
        var inEpisode = false
        var episodeStart: Int64 = 0
        // splunk-3sigma: current bin and Welford statistics of earlier non-empty bins.
        var binStart: Int64 = .min
        var binCount = 0
        var bins = 0
        var mean = 0.0
        var m2 = 0.0
    }

    var actors: [ActorState] = []

    public init(rule: StaticRule) {
        self.rule = rule
    }

    public mutating func observe(_ o: Observation, emit: (AlertCandidate) -> Void) {
        guard rule.counts(o.action) else { return }
        let a = Int(o.actor)
        if a >= actors.count { actors.append(contentsOf: repeatElement(ActorState(), count: a + 1 - actors.count)) }
        if rule == .splunk3Sigma {
            Self.observeBinned(o, &actors[a], rule: rule, emit: emit)
            return
        }
        Self.observeWindowed(o, &actors[a], rule: rule, emit: emit)
    }

    /// The sliding-window rules. Static, as ``observeBinned(_:_:rule:emit:)``: `s` is an element of
    /// ``actors`` reached in place, which a method on `self` could only have with a copy of the whole
    /// array per event (copy-on-write, since `self` still holds it).
    private static func observeWindowed(
        _ o: Observation, _ s: inout ActorState, rule: StaticRule, emit: (AlertCandidate) -> Void
    ) {
        let horizon = o.time - rule.window
        var dropped = 0
        while dropped < s.recent.count && s.recent[dropped].time <= horizon { dropped += 1 }
        if dropped > 0 { s.recent.removeFirst(dropped) }
        if s.recent.count < rule.threshold * 4 {
            s.recent.append((o.time, o.resource))
            if o.source != Observation.none && !s.sources.contains(o.source) && s.sources.count < 5 {
                s.sources.append(o.source)
            }
        }
        let observed = rule.isDistinct ? Self.distinctResources(s.recent) : s.recent.count
        if observed >= rule.threshold {
            if !s.inEpisode {
                s.inEpisode = true
                s.episodeStart = s.recent[0].time
                emit(candidate(actor: o.actor, state: s, observed: observed, now: o.time, rule: rule))
            }
        } else if s.inEpisode {
            s.inEpisode = false
            s.sources.removeAll(keepingCapacity: true)
        }
    }

    public mutating func advance(to watermark: Int64, emit: (AlertCandidate) -> Void) {}

    /// Distinct repositories among at most 4 × threshold entries: O(n²) on a few dozen entries,
    /// which beats building a set (no allocation per event).
    static func distinctResources(_ recent: [(time: Int64, resource: UInt32)]) -> Int {
        var distinct = 0
        for i in recent.indices {
            var seen = false
            for j in 0..<i where recent[j].resource == recent[i].resource {
                seen = true
                break
            }
            if !seen { distinct += 1 }
        }
        return distinct
    }

    private static func candidate(actor: UInt32, state s: ActorState, observed: Int, now: Int64, rule: StaticRule)
        -> AlertCandidate
    {
        let what = rule.isDistinct ? "distinct repositories" : "clones"
        let minutes = rule.window / 60
        var examples: [UInt32] = []
        for e in s.recent.reversed() where !examples.contains(e.resource) && e.resource != Observation.none {
            examples.append(e.resource)
            if examples.count == 5 { break }
        }
        let score = Double(observed) / Double(rule.threshold)
        return AlertCandidate(
            actor: actor, episodeStart: s.episodeStart, revision: 0, windowStart: s.recent[0].time,
            windowEnd: s.recent[0].time + rule.window, detectedAt: now, score: score,
            severity: score >= 4 ? .critical : score >= 2 ? .high : .medium,
            reason: "reached \(observed) \(what) in \(minutes) minutes (rule threshold \(rule.threshold))",
            signals: [
                AlertSignal(
                    name: rule.isDistinct ? "distinct_repos" : "clones", scale: "\(minutes)m",
                    observed: Double(observed), expected: Double(rule.threshold), pValue: 1)
            ],
            exampleResources: examples, exampleSources: s.sources)
    }

    /// splunk-3sigma: fixed 10-minute bins; fires when the running bin exceeds mean + 3σ. Static so
    /// that `s` is reached in place: as a method on `self` it made Swift copy all of ``actors`` on every
    /// event (68 s against 2.5 s for a 420 MiB log).
    private static func observeBinned(
        _ o: Observation, _ s: inout ActorState, rule: StaticRule, emit: (AlertCandidate) -> Void
    ) {
        let bin = o.time - ((o.time % rule.window) + rule.window) % rule.window
        if bin > s.binStart {
            if s.binCount > 0 {
                s.bins += 1
                let x = Double(s.binCount)
                let d = x - s.mean
                s.mean += d / Double(s.bins)
                s.m2 += d * (x - s.mean)
            }
            s.binStart = bin
            s.binCount = 0
            s.inEpisode = false
        } else if bin < s.binStart {
            return  // a late event for a closed bin: Splunk's bins would already be computed
        }
        s.binCount += 1
        guard s.bins >= 15, !s.inEpisode else { return }
        let sigma = (s.m2 / Double(s.bins - 1)).squareRoot()
        let limit = s.mean + 3 * sigma
        guard Double(s.binCount) > limit else { return }
        s.inEpisode = true
        let score = Double(s.binCount) / max(limit, 1)
        emit(
            AlertCandidate(
                actor: o.actor, episodeStart: bin, revision: 0, windowStart: bin, windowEnd: bin + rule.window,
                detectedAt: o.time, score: score, severity: score >= 4 ? .critical : score >= 2 ? .high : .medium,
                reason: "made \(s.binCount) transfers in a 10-minute bin; mean + 3σ of its history is "
                    + "\(Int(limit.rounded()))",
                signals: [
                    AlertSignal(
                        name: "transfers", scale: "10m", observed: Double(s.binCount), expected: s.mean, pValue: 1)
                ],
                exampleResources: o.resource == Observation.none ? [] : [o.resource],
                exampleSources: o.source == Observation.none ? [] : [o.source]))
    }
}
