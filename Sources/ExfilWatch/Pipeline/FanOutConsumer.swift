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

    public var ignoresUnclassified: Bool { consumers.allSatisfy(\.ignoresUnclassified) }

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
