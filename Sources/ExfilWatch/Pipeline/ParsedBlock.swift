import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines of one ``LineBlock`` framed and parsed in one go, so that the decoding thread can do it
/// ahead of the consumer (``BlockPrefetcher``'s work sharing); ``EventSource`` then hands out the
/// entries in order.
///
/// Framing follows ``LineReader/nextLine()`` exactly: lines end at `\n`, a `\r` before it is dropped,
/// lines longer than the limit are skipped and counted, the last line may lack its newline.
///
/// Memory: at most ``maxEntries`` entries (about 100 bytes each) per block, kept and reused with the
/// block; a block with more lines is parsed in several rounds from ``resumeOffset``.
final class ParsedBlock {
    /// What a framed line turned out to be.
    enum Kind: UInt8 {
        case empty, event, malformed
    }

    /// One framed line: its byte range in the block, its number counted from the first line framed
    /// in this round (1-based, over-long lines included), and its event when `kind` is `.event`.
    /// `skippedBefore` counts the unclassified events left out just before it (see `keepsUnclassified`
    /// in ``fill(_:from:format:maxLineLength:keepsUnclassified:)``); it fits the entry's padding.
    struct Entry {
        var event: Event
        var start: Int
        var end: Int
        var number: Int64
        var kind: Kind
        var skippedBefore: UInt32
    }

    /// Entries per round: bounds memory for files of very short lines.
    static let maxEntries = 8192

    @exclusivity(unchecked) private(set) var entries: [Entry] = []
    /// Lines framed in this round, over-long ones included.
    @exclusivity(unchecked) private(set) var lines: Int64 = 0
    /// Lines skipped in this round for exceeding the line length limit.
    @exclusivity(unchecked) private(set) var overlong: Int64 = 0
    /// Where the next round starts; equal to the block's count when the block is done.
    @exclusivity(unchecked) private(set) var resumeOffset = 0
    /// Unclassified events left out after the round's last entry.
    @exclusivity(unchecked) private(set) var trailingSkipped: Int64 = 0

    /// Entries ahead of the one being read whose memory is hinted into cache (``hint(from:)``).
    static let hintDistance = 8

    /// Where ``entries`` and the block's bytes lie, for ``hint(from:)``: set by ``fill(_:from:format:maxLineLength:)``
    /// and valid until the next fill (the array is neither changed nor moved in between).
    @exclusivity(unchecked) private var entryBase: UnsafePointer<Entry>?
    @exclusivity(unchecked) private var storageBase: UnsafeRawPointer?

    /// Hints the entry ``hintDistance`` places after `index`, and the first 128 bytes of the line of
    /// the entry half as far ahead, into cache. Why: the decoding thread wrote both on another core,
    /// and reading each entry cold was a tenth of the main thread's time on ten files (perf annotate:
    /// the first load of each 104-byte entry). O(1), no reference counting; nothing past the last entry.
    @inline(__always)
    func hint(from index: Int) {
        guard let e = entryBase, let storage = storageBase else { return }
        let count = entries.count
        let far = index + Self.hintDistance
        if far < count {
            let p = UnsafeRawPointer(e + far)
            exfilwatch_prefetch_read(p)
            exfilwatch_prefetch_read(p + 64)
        }
        let near = index + Self.hintDistance / 2
        if near < count {
            let line = storage + e[near].start
            exfilwatch_prefetch_read(line)
            exfilwatch_prefetch_read(line + 64)
        }
    }

    /// The block's parsed lines, created on first use and then reused with the block.
    static func of(_ block: LineBlock) -> ParsedBlock {
        if let parsed = block.attachment as? ParsedBlock { return parsed }
        let parsed = ParsedBlock()
        block.attachment = parsed
        return parsed
    }

    /// Frames and parses the lines of `block` from byte offset `start`, up to ``maxEntries`` entries.
    ///
    /// With `keepsUnclassified` false, well-formed events whose action is `.other` get no entry, only a
    /// count (``Entry/skippedBefore``, ``trailingSkipped``): the detection engines ignore them, and they
    /// are three lines in four of a git server's access log, so the consumer's thread no longer reads,
    /// hands out and drops them one by one.
    /// - Complexity: O(bytes framed); allocates only while the entry array grows to its largest size.
    func fill(_ block: LineBlock, from start: Int, format: LogFormat, maxLineLength: Int, keepsUnclassified: Bool) {
        var out: [Entry] = []
        swap(&out, &entries)
        out.removeAll(keepingCapacity: true)
        let storage = UnsafeRawBufferPointer(block.storage)
        let base = storage.baseAddress!
        let count = block.count
        var position = start
        var number: Int64 = 0
        var skipped: Int64 = 0
        var unclassified: UInt32 = 0
        var event = Event()
        var days = DayCache()
        while position < count && out.count < Self.maxEntries {
            let lineStart = position
            var lineEnd: Int
            if let hit = memchr(base + position, 0x0A, count - position) {
                lineEnd = base.distance(to: UnsafeRawPointer(hit))
                position = lineEnd + 1
            } else {
                lineEnd = count
                position = count
            }
            number += 1
            if lineEnd - lineStart > maxLineLength {
                skipped += 1
                continue
            }
            if lineEnd > lineStart && storage[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: storage[lineStart..<lineEnd])
            let kind: Kind =
                line.isEmpty
                ? .empty
                : format.parse(line, into: &event, days: &days, detailOfUnclassified: keepsUnclassified)
                    ? .event : .malformed
            if kind == .event && event.action == .other && !keepsUnclassified {
                unclassified += 1
                continue
            }
            // Only for this line's own event: after an empty line (not parsed) or a malformed one, `event`
            // still holds an earlier line's fields and rewrites, whose offsets are not this line's.
            if kind == .event && !event.rewrites.isEmpty {
                event.applyRewrites(in: UnsafeMutableRawBufferPointer(rebasing: block.storage[lineStart..<lineEnd]))
            }
            out.append(
                Entry(
                    event: event, start: lineStart, end: lineEnd, number: number, kind: kind,
                    skippedBefore: unclassified))
            unclassified = 0
        }
        swap(&out, &entries)
        entryBase = entries.withUnsafeBufferPointer { $0.baseAddress }
        storageBase = UnsafeRawPointer(base)
        lines = number
        overlong = skipped
        trailingSkipped = Int64(unclassified)
        resumeOffset = position
    }
}
