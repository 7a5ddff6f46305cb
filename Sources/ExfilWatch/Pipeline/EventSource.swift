/// One input file turned into a stream of parsed events: framing, format detection from its first
/// lines, parsing, and the file's counters. The pipeline pulls one event at a time, which is what
/// lets several files be merged in event-time order.
///
/// Once the format is known, whole blocks are framed and parsed at once (``ParsedBlock``), on the
/// decoding thread when it is ahead (see `EventSource+Blocks.swift`); the events, counters and line
/// numbers are those of parsing line by line.
public final class EventSource {
    /// How many leading lines are used to detect the format (`--format auto`).
    static let sampleLines = 16
    /// When none of those parses (a file that starts with junk), the sample grows until a line
    /// parses, up to this many lines or bytes; only then is the file taken for one in no format.
    static let maxSampleLines = 1000
    static let maxSampleBytes = 1 << 20

    public let path: String
    @exclusivity(unchecked) public private(set) var format: LogFormat?
    @exclusivity(unchecked) public internal(set) var stats: FileStats
    /// The current event; valid after ``advance(malformed:)`` returned true.
    @exclusivity(unchecked) public internal(set) var event = Event()
    /// The line the current event was parsed from; valid until the next ``advance(malformed:)``.
    @exclusivity(unchecked) public internal(set) var line = UnsafeRawBufferPointer(start: nil, count: 0)
    /// 1-based line number of the current event.
    @exclusivity(unchecked) public internal(set) var lineNumber: Int64 = 0

    let reader: LineReader
    /// Copies of the sample lines, replayed before reading on (allocated once per file).
    @exclusivity(unchecked) private var sample: UnsafeMutableRawBufferPointer?
    @exclusivity(unchecked) private var sampleRanges: [(range: Range<Int>, number: Int64)] = []
    @exclusivity(unchecked) private var sampleIndex = 0
    /// Whole-block reading: the block and its parsed round being handed out, the next entry, and the
    /// line number before the round's first line.
    @exclusivity(unchecked) var parsed: ParsedBlock?
    @exclusivity(unchecked) var parsedBlock: LineBlock?
    @exclusivity(unchecked) var entryIndex = 0
    @exclusivity(unchecked) var lineBase: Int64 = 0
    @exclusivity(unchecked) var readingBlocks = false

    /// Whether well-formed events with action `.other` are counted (lines, events) but not handed
    /// out, for consumers that ignore them (``EventConsumer/ignoresUnclassified``).
    public let skipsUnclassified: Bool

    /// Opens `path` and, when `format` is nil, detects the format from the first lines.
    /// - Throws: ``IngestError`` when the file cannot be opened at all.
    public init(
        path: String, format: LogFormat?, maxLineLength: Int, prefetch: Bool = false, skipsUnclassified: Bool = false
    ) throws(IngestError) {
        self.path = path
        self.skipsUnclassified = skipsUnclassified
        reader = try LineReader(path: path, maxLineLength: maxLineLength, prefetch: prefetch)
        stats = FileStats(path: path)
        stats.compressed = reader.input.isGzip
        stats.storedBytes = reader.input.file.size
        self.format = format
        if format == nil { detectFormat() }
        stats.format = self.format?.rawValue
        if let known = self.format { startBlockWork(known) }
    }

    deinit { sample?.deallocate() }

    /// Stored bytes consumed so far (compressed bytes for gzip): the progress measure.
    public var storedOffset: Int64 { reader.storedOffset }
    /// Decoded bytes consumed so far, to the nearest block once whole blocks are being parsed.
    public var decodedOffset: Int64 { reader.decodedOffset }

    /// Moves to the next well-formed event. Malformed lines are counted and passed to `malformed`
    /// (line number and bytes). Returns false at the end of the input or after a read error, which
    /// is then in ``FileStats/error``.
    public func advance(malformed: (Int64, UnsafeRawBufferPointer) -> Void) -> Bool {
        guard let format else {
            drainUndetected(malformed: malformed)
            return false
        }
        // The lines read to detect the format first, then whole blocks.
        while sampleIndex < sampleRanges.count, let sample {
            let entry = sampleRanges[sampleIndex]
            sampleIndex += 1
            let next = UnsafeRawBufferPointer(rebasing: sample[entry.range])
            stats.lines += 1
            if next.isEmpty { continue }
            if format.parse(next, into: &event) {
                event.applyRewrites(in: UnsafeMutableRawBufferPointer(rebasing: sample[entry.range]))
                stats.events += 1
                if skipsUnclassified && event.action == .other { continue }
                line = next
                lineNumber = entry.number
                return true
            }
            stats.malformed += 1
            malformed(entry.number, next)
        }
        return advanceInBlocks(format, malformed: malformed)
    }

    private func nextRawLine() -> (UnsafeRawBufferPointer, Int64)? {
        if sampleIndex < sampleRanges.count, let sample {
            let entry = sampleRanges[sampleIndex]
            sampleIndex += 1
            return (UnsafeRawBufferPointer(rebasing: sample[entry.range]), entry.number)
        }
        do {
            guard let next = try reader.nextLine() else {
                finishStats()
                return nil
            }
            return (next, reader.lineNumber)
        } catch {
            stats.error = error
            finishStats()
            return nil
        }
    }

    func finishStats() {
        stats.overlongLines = reader.overlongLines
        stats.decodedBytes = reader.decodedOffset
        stats.storedBytesRead = reader.storedOffset
    }

    /// Reads ``sampleLines`` lines into a private copy (more, up to ``maxSampleLines``, until one of
    /// them parses) and picks the format that parses most of them.
    private func detectFormat() {
        var copies: [[UInt8]] = []
        var numbers: [Int64] = []
        var bytes = 0
        var oneParses = false
        while copies.count < Self.sampleLines
            || (!oneParses && copies.count < Self.maxSampleLines && bytes < Self.maxSampleBytes)
        {
            let next: UnsafeRawBufferPointer?
            do { next = try reader.nextLine() } catch {
                stats.error = error
                break
            }
            guard let next else { break }
            copies.append(Array(next))
            numbers.append(reader.lineNumber)
            bytes += next.count
            if !oneParses && !next.isEmpty {
                var event = Event()
                oneParses = LogFormat.allCases.contains { $0.parse(next, into: &event) }
            }
        }
        format = LogFormat.detect(sample: copies.filter { !$0.isEmpty })
        let total = copies.reduce(0) { $0 + $1.count }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 8)
        var offset = 0
        for (copy, number) in zip(copies, numbers) {
            copy.withUnsafeBytes {
                buffer.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
            }
            sampleRanges.append((offset..<offset + copy.count, number))
            offset += copy.count
        }
        sample = buffer
    }

    /// A file whose format could not be detected: every non-empty line is malformed.
    private func drainUndetected(malformed: (Int64, UnsafeRawBufferPointer) -> Void) {
        while let (next, number) = nextRawLine() {
            stats.lines += 1
            if next.isEmpty { continue }
            stats.malformed += 1
            malformed(number, next)
        }
    }
}
