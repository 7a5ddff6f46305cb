/// What the batch scanner feeds: one or more detection engines.
public protocol EventConsumer: AnyObject {
    /// Counts one parsed event whose text ranges point into `line`.
    func process(_ event: Event, line: UnsafeRawBufferPointer)
    /// End of input: close every window.
    func finish()
    /// Whether events may be staged a few places ahead of the detector for cache hints (batch reads);
    /// see ``DetectionEngine/stagesEvents``.
    var stagesEvents: Bool { get set }
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
}

/// Feeds every event to several engines, e.g. the baseline and each static-rule preset in one read
/// of the logs (`evaluate`). Each engine interns on its own, so they stay independent.
public final class FanOutConsumer: EventConsumer {
    public let consumers: [any EventConsumer]

    public init(_ consumers: [any EventConsumer]) {
        self.consumers = consumers
    }

    public func process(_ event: Event, line: UnsafeRawBufferPointer) {
        for c in consumers { c.process(event, line: line) }
    }

    public func finish() {
        for c in consumers { c.finish() }
    }

    public var stagesEvents: Bool {
        get { consumers.allSatisfy(\.stagesEvents) }
        set { for c in consumers { c.stagesEvents = newValue } }
    }

    public var lateEvents: Int64 { consumers.first?.lateEvents ?? 0 }
    public var alertCount: Int { consumers.reduce(0) { $0 + $1.alertCount } }
    public var actorCount: Int { consumers.first?.actorCount ?? 0 }
    public var droppedActorCount: Int { consumers.first?.droppedActorCount ?? 0 }
    public var droppedRecentActorCount: Int { consumers.first?.droppedRecentActorCount ?? 0 }
    public var idleActorCount: Int { consumers.first?.idleActorCount ?? 0 }
}
