#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Frames decoded bytes into lines, handing out slices of large blocks: no copy and no `String` per
/// line.
///
/// A line is returned without its `\n` (and without a `\r` before it). A line longer than
/// ``maxLineLength`` bytes is skipped and counted in ``overlongLines``. The last line of an input may
/// lack its newline. With `prefetch`, decoding runs ahead on a second thread (``BlockPrefetcher``).
///
/// - Complexity: O(n) in the decoded bytes; the newline search is `memchr`.
public final class LineReader {
    /// Default limit for one line, in bytes (64 KiB).
    public static let defaultMaxLineLength = 64 * 1024
    /// Blocks in flight per prefetching input.
    static let prefetchBlocks = 4

    public let input: DecodedInput
    /// Lines longer than this many bytes are skipped and counted.
    public let maxLineLength: Int
    /// 1-based number of the line most recently returned (counting skipped over-long lines).
    @exclusivity(unchecked) public private(set) var lineNumber: Int64 = 0
    /// Lines skipped for exceeding ``maxLineLength``.
    @exclusivity(unchecked) public private(set) var overlongLines: Int64 = 0

    private let framer: BlockFramer
    private let prefetcher: BlockPrefetcher?
    /// The block lines are handed out from, and the read position in it.
    @exclusivity(unchecked) private var current: LineBlock?
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var finished = false
    /// Work run once on every whole block after ``setBlockWork(_:)``; nil when reading line by line.
    private var blockWork: (@Sendable (LineBlock) -> Void)?

    /// - Parameters:
    ///   - prefetch: decode on a second thread while the caller parses.
    public init(input: DecodedInput, maxLineLength: Int = LineReader.defaultMaxLineLength, prefetch: Bool = false) {
        self.input = input
        self.maxLineLength = max(16, maxLineLength)
        framer = BlockFramer(input: input, blockSize: max(1 << 20, 2 * self.maxLineLength + (64 << 10)))
        prefetcher = prefetch ? BlockPrefetcher(framer: framer, blocks: Self.prefetchBlocks) : nil
    }

    /// Opens `path` (`-` is stdin; gzip or plain by magic bytes).
    public convenience init(path: String, maxLineLength: Int = LineReader.defaultMaxLineLength, prefetch: Bool = false)
        throws(IngestError)
    {
        self.init(input: try DecodedInput(path: path), maxLineLength: maxLineLength, prefetch: prefetch)
    }

    deinit {
        if !finished { prefetcher?.cancel() }
    }

    /// Decoded bytes consumed up to the end of the line last returned.
    public var decodedOffset: Int64 { (current?.decodedStart ?? 0) + Int64(position) }

    /// Stored bytes (compressed, for gzip) consumed by the decoder up to the current block.
    public var storedOffset: Int64 { current?.storedOffset ?? 0 }

    /// The next line, valid until the next call; nil at end of input.
    /// - Throws: the input's ``IngestError`` once every complete line read before it was returned.
    public func nextLine() throws(IngestError) -> UnsafeRawBufferPointer? {
        while true {
            if let block = current, position < block.count {
                let base = block.storage.baseAddress!
                let lineStart = position
                var lineEnd: Int
                if let hit = memchr(base + position, 0x0A, block.count - position) {
                    lineEnd = base.distance(to: hit)
                    position = lineEnd + 1
                } else {
                    lineEnd = block.count
                    position = block.count
                }
                lineNumber += 1
                if lineEnd - lineStart > maxLineLength {
                    overlongLines += 1
                    continue
                }
                if lineEnd > lineStart && block.storage[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return UnsafeRawBufferPointer(rebasing: block.storage[lineStart..<lineEnd])
            }
            if finished { return nil }
            if let block = current, block.isLast {
                finished = true
                if let error = block.error { throw error }
                return nil
            }
            nextBlock()
        }
    }

    // MARK: Whole blocks (the pipeline's parse-ahead; see ``EventSource``)

    /// Switches to whole-block reading: `work` runs once on each block filled after the current one,
    /// on the decoding thread when it is ahead of the caller, else in ``nextWorkedBlock()``.
    func setBlockWork(_ work: @escaping @Sendable (LineBlock) -> Void) {
        blockWork = work
        prefetcher?.setWork(work)
    }

    /// The current block and the offset of its first unread byte; nil before the first block.
    var unreadPart: (block: LineBlock, offset: Int)? {
        current.map { ($0, position) }
    }

    /// Marks the current block read up to `offset`, over `lines` lines of which `overlong` were
    /// skipped for their length: what ``nextLine()`` would have counted reading them.
    func markRead(to offset: Int, lines: Int64, overlong: Int64) {
        position = offset
        lineNumber += lines
        overlongLines += overlong
    }

    /// Moves to the next block, its work done; nil at the end of input. Call once the current block
    /// is read to its end (``markRead(to:lines:overlong:)``).
    /// - Throws: the input's ``IngestError`` after the block that holds the lines before it.
    func nextWorkedBlock() throws(IngestError) -> LineBlock? {
        if finished { return nil }
        if let block = current, block.isLast {
            finished = true
            if let error = block.error { throw error }
            return nil
        }
        nextBlock()
        let block = current!
        if prefetcher == nil, let blockWork { blockWork(block) }
        return block
    }

    private func nextBlock() {
        let block: LineBlock
        if let prefetcher {
            if let old = current { prefetcher.recycle(old) }
            block = prefetcher.next()
        } else {
            block = current ?? LineBlock(capacity: framer.blockSize)
            framer.fill(block)
        }
        current = block
        position = 0
        lineNumber += block.skippedOverlong
        overlongLines += block.skippedOverlong
    }
}
