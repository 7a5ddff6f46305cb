/// One followed file as a stream of parsed events: the `tail` counterpart of ``EventSource``.
///
/// The format is forced or detected from the first non-empty line that parses as a known format
/// (lines before it are malformed). An event handed out but not yet counted is *pending*: a
/// checkpoint then saves the offset of its line, so it is read again after a restart.
final class TailSource {
    let follower: FileFollower
    private(set) var format: LogFormat?
    /// The current event; valid after ``advance(malformed:)`` returned true.
    private(set) var event = Event()
    /// The line of the current event; valid until the next call on this source.
    private(set) var line = UnsafeRawBufferPointer(start: nil, count: 0)
    /// True while ``event`` is parsed but not yet counted (see ``consume()``).
    private(set) var hasPending = false
    /// Counts since this process opened the file.
    private(set) var lines: Int64 = 0
    private(set) var events: Int64 = 0
    private(set) var malformed: Int64 = 0
    /// The last read error reported, so it is logged once and not every poll.
    var reportedError: IngestError?
    /// Overlong lines of this file already logged, so each new one is logged once.
    var reportedOverlong: Int64 = 0

    init(follower: FileFollower, format: LogFormat?) {
        self.follower = follower
        self.format = format
    }

    /// Moves to the next well-formed event among the complete lines available now. Malformed lines
    /// are counted and passed to `malformed` (line number and bytes).
    /// - Returns: false when no complete line is left for now.
    /// - Throws: the file's ``IngestError``; lines before it were handed out.
    func advance(malformed report: (Int64, UnsafeRawBufferPointer) -> Void) throws(IngestError) -> Bool {
        hasPending = false
        while let next = try follower.nextLine() {
            if take(next, report) { return true }
        }
        return false
    }

    /// The unterminated last line of a file that was rotated away and is done, parsed like any other.
    /// - Returns: true when it is an event (then pending, like after ``advance(malformed:)``).
    func advanceToFinalLine(malformed report: (Int64, UnsafeRawBufferPointer) -> Void) -> Bool {
        hasPending = false
        guard let last = follower.takePartialLine() else { return false }
        return take(last, report)
    }

    /// Marks the pending event as counted.
    func consume() { hasPending = false }

    /// Offset and line number a restart continues from: the pending event's line, else the end of
    /// the last complete line.
    var resumePoint: (offset: Int64, lineNumber: Int64) {
        hasPending
            ? (follower.lineStartOffset, follower.lineNumber - 1)
            : (follower.consumedOffset, follower.lineNumber)
    }

    /// The checkpoint entry of this file.
    var position: FilePosition {
        let (offset, number) = resumePoint
        return FilePosition(
            path: follower.path, identity: follower.identity, fingerprint: follower.fingerprint, offset: offset,
            lineNumber: number, format: format?.rawValue)
    }

    private func take(_ next: UnsafeRawBufferPointer, _ report: (Int64, UnsafeRawBufferPointer) -> Void) -> Bool {
        lines += 1
        if next.isEmpty { return false }
        if format == nil { format = LogFormat.detect(sample: [Array(next)]) }
        if let format, format.parse(next, into: &event) {
            // `next` is a line of the follower's own buffer, which nothing reads again.
            event.applyRewrites(in: UnsafeMutableRawBufferPointer(mutating: next))
            events += 1
            line = next
            hasPending = true
            return true
        }
        malformed += 1
        report(follower.lineNumber, next)
        return false
    }
}
