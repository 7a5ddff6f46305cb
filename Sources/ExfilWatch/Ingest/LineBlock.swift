/// A large buffer of decoded bytes that holds whole lines only (the producer carries a partial last
/// line over to the next block), so the consumer frames lines with `memchr` and never copies.
///
/// Blocks are allocated once per input and recycled between the decoding thread and the parsing
/// thread; a block is owned by exactly one side at a time, handed over through ``BlockPrefetcher``'s
/// locked queues, which is why it is `@unchecked Sendable`.
final class LineBlock: @unchecked Sendable {
    /// Progress of the work (parsing) done on a filled block; see ``BlockPrefetcher``.
    enum WorkState {
        /// No work set, or the block is being filled.
        case none
        /// Filled; its work waits for a thread.
        case pending
        /// The decoding thread is doing its work.
        case running
        /// Its work is done.
        case done
    }

    let storage: UnsafeMutableRawBufferPointer
    /// Valid bytes: complete lines, plus an unterminated last line in the input's final block.
    var count = 0
    /// Decoded offset of `storage[0]` in the whole input.
    var decodedStart: Int64 = 0
    /// Stored (compressed) bytes consumed once this block was filled: progress for the UI.
    var storedOffset: Int64 = 0
    /// Lines the producer dropped because they did not fit in a whole block.
    var skippedOverlong: Int64 = 0
    /// Set on the last block when reading failed; the lines before the failure are in the block.
    var error: IngestError?
    /// True for the input's final block.
    var isLast = false
    /// Changed under the prefetcher's lock, or by the thread that owns the block.
    var workState = WorkState.none
    /// What the block's work produces (a ``ParsedBlock``), kept with the block and reused.
    var attachment: AnyObject?

    init(capacity: Int) {
        storage = .allocate(byteCount: capacity, alignment: 64)
    }

    deinit { storage.deallocate() }

    func reset() {
        count = 0
        skippedOverlong = 0
        error = nil
        isLast = false
    }
}
