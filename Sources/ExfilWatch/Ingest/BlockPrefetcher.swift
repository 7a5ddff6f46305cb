import Foundation

/// Runs a ``BlockFramer`` on its own thread so that inflating and framing one input overlaps with
/// parsing it on the caller's thread: the two-stage pipeline.
///
/// A fixed pool of ``LineBlock``s circulates between a free queue and a full queue under one lock;
/// the decoder waits when every block is full (back-pressure), the parser waits when none is.
/// Memory is therefore bounded by `blocks × blockSize` per open input, and nothing is allocated
/// after start-up.
final class BlockPrefetcher: @unchecked Sendable {
    private let framer: BlockFramer
    private let condition = NSCondition()
    private var free: [LineBlock]
    private var full: [LineBlock] = []
    private var cancelled = false
    private var producerDone = false

    init(framer: BlockFramer, blocks: Int) {
        self.framer = framer
        free = (0..<max(2, blocks)).map { _ in LineBlock(capacity: framer.blockSize) }
        full.reserveCapacity(free.count)
        let thread = Thread { [self] in produce() }
        thread.name = "exfilwatch-decode"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next filled block, waiting for the decoder if needed.
    func next() -> LineBlock {
        condition.lock()
        while full.isEmpty { condition.wait() }
        let block = full.removeFirst()
        condition.unlock()
        return block
    }

    /// Gives a consumed block back to the decoder.
    func recycle(_ block: LineBlock) {
        condition.lock()
        free.append(block)
        condition.signal()
        condition.unlock()
    }

    /// Stops the decoder (the reader was abandoned before the end of its input) and waits for it
    /// to let go of the input.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
    }

    private func produce() {
        while true {
            condition.lock()
            while free.isEmpty && !cancelled { condition.wait() }
            if cancelled {
                producerDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let block = free.removeLast()
            condition.unlock()
            framer.fill(block)
            condition.lock()
            full.append(block)
            if block.isLast { producerDone = true }
            condition.broadcast()
            condition.unlock()
            if block.isLast { return }
        }
    }
}
