/// Consumers that know the event-time range they saw.
public protocol EventTimeRange {
    var eventTimeRange: ClosedRange<Int64>? { get }
}

extension DetectionEngine: EventTimeRange {
    public var eventTimeRange: ClosedRange<Int64>? {
        minEventTime <= maxEventTime ? minEventTime...maxEventTime : nil
    }
}
