import Foundation

/// Settings shared by every command that reads logs.
public struct ScanOptions: Sendable {
    /// Forced format, or nil to detect per file.
    public var format: LogFormat?
    public var actorKey: ActorKey = .user
    /// Lines longer than this many bytes are skipped and counted.
    public var maxLineLength = LineReader.defaultMaxLineLength
    /// How far out of order (seconds of event time) records may arrive and still be counted.
    public var allowedLateness: Int64 = 600
    /// Most actors held at once; nil holds every actor (see ``DetectionEngine/maxActors``).
    public var maxActors: Int?
    /// How many malformed lines per file are reported on stderr.
    public var malformedReportLimit = 5
    /// Decode each input on its own thread while the caller parses (the two-stage pipeline).
    /// On by default when the machine has more than one core.
    public var prefetch = ProcessInfo.processInfo.activeProcessorCount > 1

    public init() {}
}
