import Foundation

/// Totals of a scan, written by `--summary PATH` as JSON.
public struct ScanSummary: Sendable, Codable {
    /// One input's counts.
    public struct File: Sendable, Codable {
        public var path: String
        /// The format read (`combined`, `github-audit`), nil when none was recognised.
        public var format: String?
        /// Whether the input was gzip.
        public var compressed: Bool
        /// Size on disk, bytes (compressed size for gzip).
        public var storedBytes: Int64
        /// Log text read, bytes (after inflating).
        public var decodedBytes: Int64
        /// Lines read, events among them, lines that did not parse, and lines skipped for exceeding
        /// the line length limit.
        public var lines: Int64
        public var events: Int64
        public var malformed: Int64
        public var overlongLines: Int64
        /// Why reading stopped early (the file, offset and reason), nil when read to its end.
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case path, format, compressed, lines, events, malformed, error
            case storedBytes = "stored_bytes"
            case decodedBytes = "decoded_bytes"
            case overlongLines = "overlong_lines"
        }

        init(_ s: FileStats) {
            path = s.path
            format = s.format
            compressed = s.compressed
            storedBytes = s.storedBytesRead
            decodedBytes = s.decodedBytes
            lines = s.lines
            events = s.events
            malformed = s.malformed
            overlongLines = s.overlongLines
            error = s.error?.description
        }
    }

    public var files: Int = 0
    public var lines: Int64 = 0
    public var events: Int64 = 0
    public var malformed: Int64 = 0
    public var overlongLines: Int64 = 0
    /// Events dropped for arriving later than the allowed lateness.
    public var lateEvents: Int64 = 0
    public var alerts: Int = 0
    /// Distinct actors seen (one dropped under `--max-actors` and seen again counts twice).
    public var actors: Int = 0
    /// Actors dropped with their baselines to stay under `--max-actors`.
    public var droppedActors: Int = 0
    /// Of those, actors with an event in the day before they were dropped (the cap is too small).
    public var droppedRecentActors: Int = 0
    /// Actors whose window state was dropped after two idle days (their baselines kept).
    public var idleActors: Int = 0
    public var decodedBytes: Int64 = 0
    public var storedBytes: Int64 = 0
    /// Wall-clock duration of the scan, seconds.
    public var seconds: Double = 0
    /// Every input that could not be read completely, with the reason.
    public var errors: [String] = []
    /// Files found inside a directory that are in no format exfilwatch reads (not errors).
    public var skippedFiles: [String] = []
    public var perFile: [File] = []
    /// True when the scan was stopped before the end of its inputs (stdout closed, as by `| head`): the
    /// counts are of what was read until then.
    public var stoppedEarly = false

    enum CodingKeys: String, CodingKey {
        case files, lines, events, malformed, alerts, actors, seconds, errors
        case stoppedEarly = "stopped_early"
        case overlongLines = "overlong_lines"
        case lateEvents = "late_events"
        case droppedActors = "dropped_actors"
        case droppedRecentActors = "dropped_recent_actors"
        case idleActors = "idle_actors"
        case decodedBytes = "decoded_bytes"
        case storedBytes = "stored_bytes"
        case perFile = "per_file"
        case skippedFiles = "skipped_files"
    }

    public init() {}

    /// True when every input was read to its end.
    public var allInputsRead: Bool { errors.isEmpty }

    mutating func add(_ s: FileStats) {
        files += 1
        lines += s.lines
        events += s.events
        malformed += s.malformed
        overlongLines += s.overlongLines
        decodedBytes += s.decodedBytes
        storedBytes += s.storedBytesRead
        if let e = s.error { errors.append(e.description) }
        if s.format == nil && s.lines > 0 {
            errors.append("\(s.path): log format not recognised (use --format)")
        } else if let format = s.format, s.events == 0, s.malformed > 0 {
            errors.append("\(s.path): no line is in the \(format) format (--format)")
        }
        perFile.append(File(s))
    }

    /// Pretty JSON for `--summary`.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}
