/// The `--max-actors` cap: memory bounded by the actors that matter now, whatever a scanner does.
///
/// When interning a new actor takes the table past the cap, the engine drops the least recently
/// active actors (by last event minute; ties go to the earlier-seen) until 3/4 of the cap remain, so
/// the O(actors) work of a shed is paid once per `cap / 4` new actors. The current event's actor is
/// always kept. Dropped actors lose their windows and baselines in every detector
/// (``Detector/dropActors(_:)``); the intern table is rebuilt with the survivors renumbered, and the
/// client-address table is rebuilt with only the addresses some detector still refers to. An actor
/// that returns after being dropped is a new actor again (population prior, learning period).
extension DetectionEngine {
    /// Records the event's actor as active and sheds actors past `cap`, renumbering the observation.
    @inline(__always)
    func enforceCap(_ o: inout Observation, cap: Int) {
        let m = EventTime.minute(ofSeconds: o.time)
        let a = Int(o.actor)
        if a < actorLastMinute.count {
            if m > actorLastMinute[a] { actorLastMinute[a] = m }
        } else {
            // Every interned id gets a minute (ids are dense; a restored table's are filled on load).
            while actorLastMinute.count < Swift.max(a + 1, actors.count) { actorLastMinute.append(m) }
            if actors.count > Swift.max(1, cap) { shedActors(current: &o, cap: Swift.max(1, cap)) }
        }
        if sources.count > sourceCompactionAt { compactSources(current: &o) }
    }

    /// Drops the least recently active actors down to 3/4 of `cap` (at least one is kept: the current).
    /// - Complexity: O(n log n) for n held actors, once per `cap / 4` new actors.
    func shedActors(current o: inout Observation, cap: Int) {
        drainStaged()
        let count = actors.count
        let keep = Swift.max(1, cap - cap / 4)
        var minutes = actorLastMinute
        minutes[Int(o.actor)] = .max
        var sorted = minutes
        sorted.sort()
        let cutoff = sorted[count - keep]
        let above = count - (sorted.firstIndex { $0 > cutoff } ?? count)
        var atCutoffQuota = keep - above
        var flags = [Bool](repeating: false, count: count)
        for id in 0..<count {
            if minutes[id] > cutoff {
                flags[id] = true
            } else if minutes[id] == cutoff && atCutoffQuota > 0 {
                flags[id] = true
                atCutoffQuota -= 1
            }
        }
        let dayAgo = EventTime.minute(ofSeconds: o.time) - 1440
        for id in 0..<count where !flags[id] && minutes[id] >= dayAgo { droppedRecentActors += 1 }
        let remap = IdRemap(keeping: flags)
        actors = actors.retaining(remap)
        actorSource = []
        actorLastMinute = remap.compacting(actorLastMinute)
        detector.dropActors(remap)
        droppedActors += count - remap.survivors
        o.actor = remap[o.actor] ?? o.actor
        compactSources(current: &o)
    }

    /// Rebuilds the client-address table with only the addresses a detector still holds (and the
    /// current event's). When most are still held, the next compaction waits until the table doubles.
    func compactSources(current o: inout Observation) {
        drainStaged()
        var referenced = [Bool](repeating: false, count: sources.count)
        if o.source != Observation.none && Int(o.source) < referenced.count { referenced[Int(o.source)] = true }
        detector.markSources(&referenced)
        let remap = IdRemap(keeping: referenced)
        if remap.survivors < sources.count {
            sources = sources.retaining(remap)
            actorSource = []
            detector.renumberSources(remap)
            if o.source != Observation.none { o.source = remap[o.source] ?? Observation.none }
        }
        sourceCompactionAt = Swift.max(1 << 16, 2 * sources.count, 2 * (maxActors ?? 0))
    }
}
