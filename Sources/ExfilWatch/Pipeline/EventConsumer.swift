/// What the batch scanner feeds: one or more detection engines.
public protocol EventConsumer: AnyObject {
    /// Counts one parsed event whose text ranges point into `line`.
    func process(_ event: Event, line: UnsafeRawBufferPointer)
    /// End of input: close every window.
    func finish()
    /// Whether events may be staged a few places ahead of the detector for cache hints (batch reads);
    /// see ``DetectionEngine/stagesEvents``.
    var stagesEvents: Bool { get set }
    /// Whether events with action `.other` change nothing, so a reader may leave them out
    /// (``EventSource/skipsUnclassified``).
    var ignoresUnclassified: Bool { get }
    /// Events dropped for arriving later than the allowed lateness.
    var lateEvents: Int64 { get }
    /// Alerts raised so far.
    var alertCount: Int { get }
    /// Distinct actors seen (an actor dropped under `--max-actors` and seen again counts twice).
    var actorCount: Int { get }
    /// Actors dropped, baselines and all, to stay under `--max-actors`.
    var droppedActorCount: Int { get }
    /// Dropped actors that had an event in the day before they were dropped.
    var droppedRecentActorCount: Int { get }
    /// Actors whose window state was dropped while idle (baselines kept).
    var idleActorCount: Int { get }
}

extension DetectionEngine: EventConsumer {
    public var actorCount: Int { actors.count + droppedActors }
    public var droppedActorCount: Int { droppedActors }
    public var droppedRecentActorCount: Int { droppedRecentActors }
    public var idleActorCount: Int { idleActors }
    /// True: ``process(_:line:)`` returns at once for `.other`.
    public var ignoresUnclassified: Bool { true }
}
