#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fills ``LineBlock``s from a ``DecodedInput``, cutting each at its last newline and carrying the
/// partial line into the next block. Runs on the decoding thread (or inline when not prefetching).
///
/// A line longer than a whole block cannot be framed; it is skipped up to its newline and counted
/// in ``LineBlock/skippedOverlong``. Lines over the user's limit but shorter than a block are dropped
/// later by ``LineReader``.
final class BlockFramer: @unchecked Sendable {
    let input: DecodedInput
    let blockSize: Int
    private let carry: UnsafeMutableRawBufferPointer
    private var carryCount = 0
    private var decoded: Int64 = 0
    private var done = false
    /// A read error met while skipping an over-long line; attached to the final block.
    private var skipError: IngestError?

    init(input: DecodedInput, blockSize: Int) {
        self.input = input
        self.blockSize = blockSize
        carry = .allocate(byteCount: blockSize, alignment: 64)
    }

    deinit { carry.deallocate() }

    /// Fills `block` with the next whole lines. After the block marked `isLast`, do not call again.
    func fill(_ block: LineBlock) {
        block.reset()
        let storage = block.storage
        block.decodedStart = decoded - Int64(carryCount)
        var n = carryCount
        if n > 0 { storage.baseAddress!.copyMemory(from: carry.baseAddress!, byteCount: n) }
        carryCount = 0
        var searched = n
        while true {
            if n == storage.count {
                // No newline in a whole block: drop this line up to its end.
                block.skippedOverlong += 1
                n = skipToNextLine(storage)
                block.decodedStart = decoded - Int64(n)
                searched = 0
                if done {
                    finish(block, count: n)
                    return
                }
                continue
            }
            let r: Int
            do {
                r = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[n...]))
            } catch {
                block.error = error
                // The partial line after the last newline is not trusted.
                finish(block, count: lastNewline(storage, from: 0, to: n).map { $0 + 1 } ?? 0)
                return
            }
            if r == 0 {
                done = true
                finish(block, count: n)
                return
            }
            decoded += Int64(r)
            n += r
            if let nl = lastNewline(storage, from: searched, to: n) {
                let tail = n - (nl + 1)
                if tail > 0 { carry.baseAddress!.copyMemory(from: storage.baseAddress! + nl + 1, byteCount: tail) }
                carryCount = tail
                block.count = nl + 1
                block.storedOffset = input.storedOffset
                return
            }
            searched = n
        }
    }

    private func finish(_ block: LineBlock, count: Int) {
        block.count = count
        block.isLast = true
        if block.error == nil { block.error = skipError }
        block.storedOffset = input.storedOffset
    }

    /// Reads and discards input up to and including the next newline; moves the rest to the front
    /// of `storage` and returns its length.
    private func skipToNextLine(_ storage: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let r: Int
            do { r = try input.read(into: storage) } catch {
                skipError = error
                done = true
                return 0
            }
            if r == 0 {
                done = true
                return 0
            }
            decoded += Int64(r)
            if let hit = memchr(storage.baseAddress!, 0x0A, r) {
                let nl = storage.baseAddress!.distance(to: hit)
                let rest = r - (nl + 1)
                if rest > 0 { storage.baseAddress!.copyMemory(from: storage.baseAddress! + nl + 1, byteCount: rest) }
                return rest
            }
        }
    }

    private func lastNewline(_ storage: UnsafeMutableRawBufferPointer, from: Int, to: Int) -> Int? {
        var i = to - 1
        while i >= from {
            if storage[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }
}
