/// One gzipped output log: a line buffer, the compressor behind it, counters, and the rare corrupt line.
///
/// About one line in 20,000 (geometric gaps, deterministic per file) is damaged after formatting: either
/// cut short, as after a crash or disk-full, or replaced by binary junk. Lines of incidents are never
/// damaged so that label windows stay exact.
final class LogFile {
    /// File name relative to the output directory.
    let name: String
    /// `combined` or `github-audit`.
    let format: String
    /// The buffer lines are formatted into. It changes at every flush (double buffering): fetch it per line.
    private(set) var buffer: LineBuffer
    /// The buffer being compressed in the background.
    private var spare: LineBuffer
    private let writer: GzipFileWriter
    private let compressor: BackgroundCompressor
    private(set) var lines: Int64 = 0
    private(set) var malformed: Int64 = 0
    private var countdown: Int
    private var rng: SynthRandom
    private var lineStart = 0

    /// Mean number of lines between two malformed ones.
    static let malformedEvery = 20_000.0

    init(directory: String, name: String, format: String, level: Int, arena: ByteArena, seed: UInt64) throws {
        self.name = name
        self.format = format
        writer = try GzipFileWriter(path: directory + "/" + name, level: Int32(level))
        compressor = BackgroundCompressor(writer: writer, label: name)
        buffer = LineBuffer(capacity: 4 << 20, arena: arena)
        spare = LineBuffer(capacity: 4 << 20, arena: arena)
        rng = SynthRandom(seed: seed)
        countdown = 1 + Int(rng.exponential(mean: Self.malformedEvery))
    }

    /// Marks where the next line starts (call before formatting it).
    @inline(__always) func beginLine() { lineStart = buffer.count }

    /// Counts the line just formatted (which ends with `\n`), maybe damages it, and flushes when full.
    /// - Parameter protected: true for incident lines, which are never damaged.
    @inline(__always) func endLine(protected: Bool) throws {
        lines += 1
        countdown -= 1
        if countdown <= 0 && !protected {
            corruptLastLine()
            countdown = 1 + Int(rng.exponential(mean: Self.malformedEvery))
        }
        if buffer.needsFlush { try flush() }
    }

    private func corruptLastLine() {
        malformed += 1
        let length = buffer.count - lineStart
        if length > 24 && rng.chance(0.6) {
            buffer.truncate(to: lineStart + rng.int(12, length - 8))
        } else {
            buffer.truncate(to: lineStart)
            for _ in 0..<rng.int(16, 120) {
                var b = UInt8(truncatingIfNeeded: rng.next())
                if b == ASCII.newline { b = 0 }
                buffer.byte(b)
            }
        }
        buffer.byte(ASCII.newline)
    }

    /// Hands the filled buffer to the background compressor and continues in the other one.
    func flush() throws {
        try compressor.drain()
        spare.count = 0
        swap(&buffer, &spare)
        try compressor.submit(spare)
    }

    /// Flushes, waits for the compressor, finishes the gzip stream and returns the manifest entry.
    func close() throws -> SynthManifest.File {
        try flush()
        try compressor.drain()
        try writer.finish()
        return SynthManifest.File(
            name: name, format: format, lines: lines, malformedLines: malformed,
            uncompressedBytes: writer.uncompressedBytes, compressedBytes: writer.compressedBytes)
    }
}
