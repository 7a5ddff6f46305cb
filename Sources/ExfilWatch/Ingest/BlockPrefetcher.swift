import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a ``BlockFramer`` on its own thread so that inflating and framing one input overlaps with
/// parsing it on the caller's thread: the two-stage pipeline.
///
/// A fixed pool of ``LineBlock``s circulates between a free queue and a full queue under one lock;
/// the decoder waits when every block is full (back-pressure), the parser waits when none is.
/// Memory is therefore bounded by `blocks × blockSize` per open input, and nothing is allocated
/// after start-up.
///
/// Work sharing: once the consumer sets a block ``work`` (parsing whole blocks), the decoding thread
/// does that work on full blocks whenever it has no free block to fill, newest first, so a fast
/// decoder (ISA-L) lends its idle time to parsing and a slow one (zlib) leaves it to the consumer.
/// Each block's work runs exactly once, on whichever thread claims it first (``LineBlock/WorkState``).
final class BlockPrefetcher: @unchecked Sendable {
    private let framer: BlockFramer
    private let condition = NSCondition()
    private var free: [LineBlock]
    private var full: [LineBlock] = []
    private var cancelled = false
    /// The decoder has produced the last block (or stopped); it may still help with work.
    private var decodingDone = false
    /// The thread has returned: it touches neither the input nor any block any more.
    private var producerDone = false
    private var work: (@Sendable (LineBlock) -> Void)?

    init(framer: BlockFramer, blocks: Int) {
        self.framer = framer
        free = (0..<max(2, blocks)).map { _ in LineBlock(capacity: framer.blockSize) }
        full.reserveCapacity(free.count)
        let thread = Thread { [self] in produce() }
        thread.name = "exfilwatch-decode"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Sets the work to run on every block filled from now on, and on the full blocks not yet taken.
    func setWork(_ work: @escaping @Sendable (LineBlock) -> Void) {
        condition.lock()
        self.work = work
        for block in full where block.workState == .none { block.workState = .pending }
        condition.broadcast()
        condition.unlock()
    }

    /// The next filled block, waiting for the decoder if needed. When work is set, the block's work
    /// is done on return: by the decoding thread, or here by the caller.
    func next() -> LineBlock {
        condition.lock()
        while full.isEmpty { condition.wait() }
        let block = full.removeFirst()
        while block.workState == .running { condition.wait() }
        let runHere = block.workState == .pending
        let work = self.work
        condition.unlock()
        if runHere, let work {
            // Out of the full queue, the decoding thread can no longer claim it.
            work(block)
            block.workState = .done
        }
        return block
    }

    /// Gives a consumed block back to the decoder.
    func recycle(_ block: LineBlock) {
        condition.lock()
        block.workState = .none
        free.append(block)
        condition.signal()
        condition.unlock()
    }

    /// Stops the decoder (the reader was abandoned before the end of its input) and waits for it
    /// to let go of the input and the blocks.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
    }

    private func produce() {
        Self.yieldToConsumer()
        condition.lock()
        while true {
            if cancelled { break }
            if !decodingDone, !free.isEmpty {
                let block = free.removeLast()
                condition.unlock()
                framer.fill(block)
                condition.lock()
                if work != nil { block.workState = .pending }
                full.append(block)
                if block.isLast { decodingDone = true }
                condition.broadcast()
                continue
            }
            // Nothing to decode into: do the newest full block's work, if any is waiting.
            if let work, let block = full.last(where: { $0.workState == .pending }) {
                block.workState = .running
                condition.unlock()
                work(block)
                condition.lock()
                block.workState = .done
                condition.broadcast()
                continue
            }
            if decodingDone { break }
            condition.wait()
        }
        producerDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Nice value of decoding threads (Linux): see ``yieldToConsumer()``.
    static let decoderNice: Int32 = 10

    /// Lowers this decoding thread's scheduling weight below the consumer's.
    ///
    /// Why: a backfill of many files runs one decoding thread per open file. With more runnable
    /// threads than cores, the kernel's fair scheduler shares a core equally between the single
    /// consumer thread and the decoders, although every decoder waits on that consumer in the end.
    /// Ten files on two cores measured the consumer runnable but off its core for 0.4 s of a 2.1 s
    /// scan (`perf record -e sched:sched_switch`), and 20% faster scans at nice 10 (weight 110
    /// against 1024): the consumer keeps a core and the decoders share the rest. One file (one
    /// decoder, two cores) is unchanged.
    ///
    /// Linux keeps nice per thread, so `setpriority(PRIO_PROCESS, 0, …)` changes only this thread (a
    /// thread of our own, which ends with its input); failure is harmless.
    private static func yieldToConsumer() {
        #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, decoderNice)
        #endif
    }
}
