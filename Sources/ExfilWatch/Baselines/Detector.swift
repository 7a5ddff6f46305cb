/// A detector consumes observations in (nearly) event-time order and emits alert candidates.
///
/// Implementations: ``BaselineDetector`` (the statistical default) and ``StaticRuleDetector``
/// (the public SIEM rules, for comparison). The pipeline turns candidates into ``Alert``s by resolving
/// ids to names; a detector never touches strings of the input.
public protocol Detector {
    /// Name shown in alerts and reports (`baseline`, `elastic-user-clones`, …).
    var name: String { get }

    /// Counts one event. Called for every parsed event, in event-time order up to the pipeline's
    /// allowed lateness. May emit candidates at once (early firing).
    mutating func observe(_ observation: Observation, emit: (AlertCandidate) -> Void)

    /// Moves event time to `watermark` (seconds, UTC) with no event: windows that end before it
    /// minus the allowed lateness close. Used at the end of each input and by `tail`'s clock.
    mutating func advance(to watermark: Int64, emit: (AlertCandidate) -> Void)

    /// Drops the window state of actors not seen since `olderThan` (seconds UTC), keeping what was
    /// learned of them, so memory follows the active actors rather than every actor ever seen.
    /// Returns how many actors were evicted. The default keeps everything.
    mutating func evictIdle(olderThan: Int64) -> Int

    /// Forgets every actor that `actors` drops — windows, baselines, episodes — and renumbers the rest
    /// to their new ids. The engine calls it when `--max-actors` is exceeded; ids the detector never
    /// saw may appear in the remap.
    mutating func dropActors(_ actors: IdRemap)

    /// Sets `referenced[id]` for every source (client address) id the detector still holds, so the
    /// engine can drop the others after ``dropActors(_:)``. Ids are below `referenced.count`.
    func markSources(_ referenced: inout [Bool])

    /// Renumbers source ids after the engine dropped the unreferenced ones.
    mutating func renumberSources(_ sources: IdRemap)

    /// A cache hint for an event the engine will observe soon: `stage` 0 when it is furthest ahead,
    /// then 1, then 2 just before it is observed, so a detector can warm one more link of its
    /// per-actor state each time. Must not change state or results. The default does nothing.
    mutating func prefetch(_ observation: Observation, stage: Int)
}

extension Detector {
    /// Detectors without per-actor windows to drop keep everything.
    public mutating func evictIdle(olderThan: Int64) -> Int { 0 }

    /// Detectors whose state fits in cache need no hints.
    @inline(__always)
    public mutating func prefetch(_ observation: Observation, stage: Int) {}
}
