#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Frames decoded bytes into lines, handing out slices of one large buffer: no copy and no `String`
/// per line.
///
/// A line is returned without its `\n` (and without a `\r` before it). A line longer than
/// ``maxLineLength`` bytes is skipped and counted in ``overlongLines``. The last line of an input may
/// lack its newline.
///
/// - Complexity: O(n) in the decoded bytes; the newline search is `memchr`.
public final class LineReader {
    /// Default limit for one line, in bytes (64 KiB).
    public static let defaultMaxLineLength = 64 * 1024

    public let input: DecodedInput
    /// Lines longer than this many bytes are skipped and counted.
    public let maxLineLength: Int
    /// 1-based number of the line most recently returned (counting skipped over-long lines).
    public private(set) var lineNumber: Int64 = 0
    /// Lines skipped for exceeding ``maxLineLength``.
    public private(set) var overlongLines: Int64 = 0

    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var eof = false
    private var skipping = false
    private var pendingError: IngestError?
    /// Decoded bytes that left the buffer before `buffer[0]`.
    private var shiftedBytes: Int64 = 0

    public init(input: DecodedInput, maxLineLength: Int = LineReader.defaultMaxLineLength) {
        self.input = input
        self.maxLineLength = max(16, maxLineLength)
        buffer = .allocate(byteCount: max(1 << 20, 2 * self.maxLineLength + (64 << 10)), alignment: 64)
    }

    /// Opens `path` (`-` is stdin; gzip or plain by magic bytes).
    public convenience init(path: String, maxLineLength: Int = LineReader.defaultMaxLineLength) throws(IngestError) {
        self.init(input: try DecodedInput(path: path), maxLineLength: maxLineLength)
    }

    deinit { buffer.deallocate() }

    /// Decoded bytes consumed up to the end of the line last returned.
    public var decodedOffset: Int64 { shiftedBytes + Int64(start) }

    /// The next line, valid until the next call; nil at end of input.
    /// - Throws: the input's ``IngestError`` once every complete line read before it was returned.
    public func nextLine() throws(IngestError) -> UnsafeRawBufferPointer? {
        while true {
            let base = buffer.baseAddress!
            if start < end, let hit = memchr(base + start, 0x0A, end - start) {
                let newline = base.distance(to: UnsafeMutableRawPointer(hit))
                let lineStart = start
                start = newline + 1
                lineNumber += 1
                if skipping || newline - lineStart > maxLineLength {
                    skipping = false
                    overlongLines += 1
                    continue
                }
                var lineEnd = newline
                if lineEnd > lineStart && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd])
            }
            if eof {
                if let error = pendingError {
                    // A truncated input's last partial line is not trusted.
                    start = end
                    pendingError = nil
                    throw error
                }
                guard start < end else {
                    if skipping {
                        skipping = false
                        overlongLines += 1
                        lineNumber += 1
                    }
                    return nil
                }
                let lineStart = start
                start = end
                lineNumber += 1
                if skipping || end - lineStart > maxLineLength {
                    skipping = false
                    overlongLines += 1
                    return nil
                }
                var lineEnd = end
                if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd])
            }
            if end - start > maxLineLength {
                // Over-long: drop what we have and skip to the next newline.
                skipping = true
                shiftedBytes += Int64(end)
                start = 0
                end = 0
            }
            fill()
        }
    }

    private func fill() {
        if start > 0 {
            let pending = end - start
            if pending > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending) }
            shiftedBytes += Int64(start)
            start = 0
            end = pending
        }
        do {
            let n = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { eof = true }
            end += n
        } catch {
            pendingError = error
            eof = true
        }
    }
}
