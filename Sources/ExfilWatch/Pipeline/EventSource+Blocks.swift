/// Whole-block reading: once the format is known, each block is framed and parsed in one go
/// (``ParsedBlock``), by the decoding thread when it has nothing to decode (``BlockPrefetcher``) or
/// else here, and ``advance(malformed:)`` hands out the entries in order. Counters, line numbers,
/// malformed-line reports and the reader's offsets are those of reading line by line.
extension EventSource {
    /// Has every block filled from now on parsed with `format`, ahead when the decoder is idle.
    func startBlockWork(_ format: LogFormat) {
        let maxLineLength = reader.maxLineLength
        let keeps = !skipsUnclassified
        reader.setBlockWork { block in
            ParsedBlock.of(block).fill(
                block, from: 0, format: format, maxLineLength: maxLineLength, keepsUnclassified: keeps)
        }
    }

    /// ``advance(malformed:)`` past the sample lines.
    func advanceInBlocks(_ format: LogFormat, malformed: (Int64, UnsafeRawBufferPointer) -> Void) -> Bool {
        while true {
            if let parsed, entryIndex < parsed.entries.count {
                parsed.hint(from: entryIndex)
                let entry = parsed.entries[entryIndex]
                entryIndex += 1
                stats.lines += 1 + Int64(entry.skippedBefore)
                stats.events += Int64(entry.skippedBefore)
                switch entry.kind {
                case .empty:
                    continue
                case .event:
                    stats.events += 1
                    event = entry.event
                    line = UnsafeRawBufferPointer(rebasing: parsedBlock!.storage[entry.start..<entry.end])
                    lineNumber = lineBase + entry.number
                    return true
                case .malformed:
                    stats.malformed += 1
                    let bytes = UnsafeRawBufferPointer(rebasing: parsedBlock!.storage[entry.start..<entry.end])
                    malformed(lineBase + entry.number, bytes)
                }
                continue
            }
            if !nextRound(format) { return false }
        }
    }

    /// Moves to the next parsed round: the rest of the block the sample lines were read from, the
    /// next round of a block with more lines than a round holds, or the next block. False at the
    /// end of input or after a read error (then in ``FileStats/error``).
    private func nextRound(_ format: LogFormat) -> Bool {
        if !readingBlocks {
            readingBlocks = true
            if let (block, offset) = reader.unreadPart, offset < block.count {
                return parseRound(of: block, from: offset, format)
            }
        } else if let parsed, let block = parsedBlock {
            stats.lines += parsed.trailingSkipped
            stats.events += parsed.trailingSkipped
            reader.markRead(to: parsed.resumeOffset, lines: parsed.lines, overlong: parsed.overlong)
            self.parsed = nil
            parsedBlock = nil
            if parsed.resumeOffset < block.count { return parseRound(of: block, from: parsed.resumeOffset, format) }
        }
        let next: LineBlock?
        do { next = try reader.nextWorkedBlock() } catch {
            stats.error = error
            finishStats()
            return false
        }
        guard let next else {
            finishStats()
            return false
        }
        lineBase = reader.lineNumber
        parsed = ParsedBlock.of(next)
        parsedBlock = next
        entryIndex = 0
        return true
    }

    /// Parses a round of `block` from `offset` on this thread.
    private func parseRound(of block: LineBlock, from offset: Int, _ format: LogFormat) -> Bool {
        let round = ParsedBlock.of(block)
        round.fill(
            block, from: offset, format: format, maxLineLength: reader.maxLineLength,
            keepsUnclassified: !skipsUnclassified)
        lineBase = reader.lineNumber
        parsed = round
        parsedBlock = block
        entryIndex = 0
        return true
    }
}
