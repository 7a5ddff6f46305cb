import CZlib

/// The decompressed bytes of one input: gzip (any number of concatenated members) or plain text,
/// told apart by the gzip magic bytes, not by the file name.
///
/// Memory is constant: one input buffer of ``inputBufferSize`` bytes plus the decoder's state
/// (zlib's 32 KiB window, or ISA-L's state of about 200 KiB), whatever the file size.
///
/// - Note: at each member's end the decoder is reset and decoding continues, as `gzip -dc` does for
///   `cat a.gz b.gz`. Trailing zero padding after the last member is ignored; any other trailing data
///   is an error. The decoder is zlib or ISA-L (``InflateBackend``).
public final class DecodedInput {
    /// Size of the compressed-side read buffer, in bytes.
    public static let inputBufferSize = 256 * 1024

    public let file: RawFile
    /// True when the input starts with the gzip magic bytes `1f 8b`.
    public let isGzip: Bool

    private let inBuffer: UnsafeMutableRawBufferPointer
    private var inStart = 0
    private var inEnd = 0
    private var sawEOF = false
    private var decoder: (any GzipMemberDecoder)?
    /// Inside a gzip member (some of its bytes fed to zlib, its end not yet seen).
    private var inMember = false
    private var finished = false
    /// An error met after some bytes of the last read were decoded; thrown by the next read.
    private var pendingError: IngestError?

    /// Opens `path` (`-` for stdin) and sniffs the first bytes.
    /// - Parameters:
    ///   - backend: the library that inflates gzip input.
    /// - Throws: ``IngestError`` when the file cannot be opened or the decoder cannot start.
    public init(path: String, backend: InflateBackend = .preferred) throws(IngestError) {
        file = try RawFile(path: path)
        inBuffer = .allocate(byteCount: Self.inputBufferSize, alignment: 16)
        // Fill until at least two bytes (or EOF) so the magic test is reliable on pipes.
        while inEnd < 2 && !sawEOF {
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: inBuffer[inEnd...]))
            if n == 0 { sawEOF = true }
            inEnd += n
        }
        isGzip = inEnd >= 2 && inBuffer[0] == 0x1F && inBuffer[1] == 0x8B
        if isGzip {
            do { decoder = try backend.makeDecoder() } catch {
                inBuffer.deallocate()
                throw IngestError(kind: .corruptGzip, path: path, offset: 0, reason: error.reason)
            }
        }
    }

    deinit {
        inBuffer.deallocate()
    }

    /// Compressed (stored) bytes consumed so far: the offset reported in errors and progress.
    public var storedOffset: Int64 {
        file.bytesRead - Int64(inEnd - inStart)
    }

    /// Fills `out` with decoded bytes. Returns the count; 0 means end of input.
    /// - Throws: ``IngestError`` for unreadable, corrupt or truncated input. Bytes returned by earlier
    ///   calls remain valid; the caller should stop reading this input.
    public func read(into out: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        if let error = pendingError {
            pendingError = nil
            finished = true
            throw error
        }
        if finished || out.isEmpty { return 0 }
        guard let decoder else { return try readPlain(into: out) }
        var produced = 0
        do {
            return try inflate(decoder, into: out, produced: &produced)
        } catch {
            // Hand out what was decoded before the failure; report the failure on the next call.
            guard produced > 0 else {
                finished = true
                throw error
            }
            pendingError = error
            return produced
        }
    }

    private func inflate(_ decoder: any GzipMemberDecoder, into out: UnsafeMutableRawBufferPointer, produced: inout Int)
        throws(IngestError) -> Int
    {
        while produced < out.count {
            if inStart == inEnd {
                let more = sawEOF ? false : try refill()
                if !more {
                    if inMember {
                        // A decoder may still hold decoded bytes (ISA-L buffers output): drain them first.
                        let step = decoder.decode(
                            UnsafeRawBufferPointer(rebasing: inBuffer[inStart..<inStart]),
                            into: UnsafeMutableRawBufferPointer(rebasing: out[produced...]))
                        produced += step.produced
                        if try finishStep(step, decoder) || step.produced > 0 { continue }
                        throw IngestError(
                            kind: .truncatedGzip, path: file.path, offset: storedOffset,
                            reason: "unexpected end of file inside a gzip member")
                    }
                    finished = true
                    return produced
                }
            }
            if !inMember {
                // Between members: the next member must start with the magic bytes.
                let started = try startNextMember()
                if !started {
                    finished = true
                    return produced
                }
            }
            let step = decoder.decode(
                UnsafeRawBufferPointer(rebasing: inBuffer[inStart..<inEnd]),
                into: UnsafeMutableRawBufferPointer(rebasing: out[produced...]))
            inStart += step.consumed
            produced += step.produced
            _ = try finishStep(step, decoder)
        }
        return produced
    }

    /// Acts on a step's outcome: at a member's end, resets the decoder and returns true.
    /// - Throws: ``IngestError`` `.corruptGzip` at the current stored offset.
    private func finishStep(_ step: InflateStep, _ decoder: any GzipMemberDecoder) throws(IngestError) -> Bool {
        switch step.outcome {
        case .progress:
            return false
        case .memberEnd:
            inMember = false
            decoder.reset()
            return true
        case .corrupt(let reason):
            throw IngestError(kind: .corruptGzip, path: file.path, offset: storedOffset, reason: reason)
        }
    }

    /// Checks the bytes after a member: EOF or zero padding ends the input, the magic starts a new
    /// member, anything else is corrupt. Returns false at the clean end of input.
    private func startNextMember() throws(IngestError) -> Bool {
        while true {
            if inStart == inEnd {
                let more = try refill()
                if !more { return false }
            }
            if inBuffer[inStart] == 0 {
                inStart += 1
                continue
            }
            if inEnd - inStart < 2, !sawEOF {
                compact()
                _ = try refill()
            }
            guard inEnd - inStart >= 2, inBuffer[inStart] == 0x1F, inBuffer[inStart + 1] == 0x8B else {
                throw IngestError(
                    kind: .corruptGzip, path: file.path, offset: storedOffset,
                    reason: "trailing data after gzip member is not a gzip header")
            }
            try checkHeader()
            inMember = true
            return true
        }
    }

    /// Checks the CRC of the member header at `inStart` when it has one (``GzipHeaderCheck``), reading
    /// more input if the header is not all in the buffer yet. A header longer than the buffer is left
    /// to the decoder.
    /// - Throws: ``IngestError`` `.corruptGzip` at the member's start when the header's CRC is wrong.
    private func checkHeader() throws(IngestError) {
        while true {
            let outcome = GzipHeaderCheck.check(UnsafeRawBufferPointer(rebasing: inBuffer[inStart..<inEnd]))
            switch outcome {
            case .valid:
                return
            case .mismatch:
                throw IngestError(
                    kind: .corruptGzip, path: file.path, offset: storedOffset,
                    reason: "gzip header checksum (FHCRC) does not match: the member's header is damaged")
            case .incomplete:
                if sawEOF { return }  // the decoder reports the truncated header
                if inStart == 0 && inEnd == inBuffer.count {
                    try skipLongHeader()
                    return
                }
                compact()
                _ = try refill()
            }
        }
    }

    /// The 10-byte header put in place of one ``skipLongHeader()`` read: deflate, no flags, no time,
    /// unknown system. The trailer's CRC-32 and length cover only the data, so the member stays valid.
    static let plainHeader: [UInt8] = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF]
    /// Bytes kept free before refilled header bytes, for ``plainHeader``.
    static let headerRoom = 16

    /// Reads a member header longer than the input buffer (a hostile or very long file name or comment
    /// with `FHCRC`) in pieces, checks its CRC, and leaves ``plainHeader`` before the deflate data in its
    /// place. Why: zlib does not check such a header's CRC once its data check is off, and ISA-L rejects
    /// it as "invalid block type" even when it is right.
    /// - Complexity: O(header length); memory stays the input buffer.
    /// - Throws: ``IngestError`` at the member's start for a bad method, flags or CRC; `.truncatedGzip`
    ///   when the file ends inside the header.
    private func skipLongHeader() throws(IngestError) {
        let memberStart = storedOffset
        let method = inBuffer[inStart + 2]
        let flags = inBuffer[inStart + 3]
        guard method == 8, flags & 0xE0 == 0 else {
            throw IngestError(
                kind: .corruptGzip, path: file.path, offset: memberStart,
                reason: method == 8 ? "unknown header flags set" : "unknown compression method")
        }
        var crc: UInt32 = 0
        try skipHeaderBytes(10, crc: &crc)
        if flags & GzipHeaderCheck.flagExtra != 0 {
            let low = try headerByte(crc: &crc)
            let high = try headerByte(crc: &crc)
            try skipHeaderBytes(Int(low) | Int(high) << 8, crc: &crc)
        }
        for flag in [GzipHeaderCheck.flagName, GzipHeaderCheck.flagComment] where flags & flag != 0 {
            try skipHeaderString(crc: &crc)
        }
        if flags & GzipHeaderCheck.flagHeaderCRC != 0 {
            var ignored: UInt32 = 0
            let stored = UInt32(try headerByte(crc: &ignored)) | UInt32(try headerByte(crc: &ignored)) << 8
            guard crc & 0xFFFF == stored else {
                throw IngestError(
                    kind: .corruptGzip, path: file.path, offset: memberStart,
                    reason: "gzip header checksum (FHCRC) does not match: the member's header is damaged")
            }
        }
        // There is room before `inStart`: either no refill happened and the 10 fixed bytes were read
        // from this buffer, or the last refill left `headerRoom` bytes free.
        inStart -= Self.plainHeader.count
        for (i, byte) in Self.plainHeader.enumerated() { inBuffer[inStart + i] = byte }
    }

    /// Refills an exhausted buffer for ``skipLongHeader()``, leaving ``headerRoom`` bytes free before the
    /// new bytes.
    private func refillHeader() throws(IngestError) {
        let n = sawEOF ? 0 : try file.read(into: UnsafeMutableRawBufferPointer(rebasing: inBuffer[Self.headerRoom...]))
        guard n > 0 else {
            sawEOF = true
            throw IngestError(
                kind: .truncatedGzip, path: file.path, offset: storedOffset,
                reason: "unexpected end of file inside a gzip member header")
        }
        inStart = Self.headerRoom
        inEnd = Self.headerRoom + n
    }

    private func headerByte(crc: inout UInt32) throws(IngestError) -> UInt8 {
        if inStart == inEnd { try refillHeader() }
        let byte = inBuffer[inStart]
        crc = exfilwatch_crc32(crc, inBuffer.baseAddress!.advanced(by: inStart).assumingMemoryBound(to: UInt8.self), 1)
        inStart += 1
        return byte
    }

    private func skipHeaderBytes(_ count: Int, crc: inout UInt32) throws(IngestError) {
        var left = count
        while left > 0 {
            if inStart == inEnd { try refillHeader() }
            let take = min(left, inEnd - inStart)
            crc = exfilwatch_crc32(
                crc, inBuffer.baseAddress!.advanced(by: inStart).assumingMemoryBound(to: UInt8.self), take)
            inStart += take
            left -= take
        }
    }

    /// Skips a zero-terminated field (file name, comment), its zero included.
    private func skipHeaderString(crc: inout UInt32) throws(IngestError) {
        while true {
            if inStart == inEnd { try refillHeader() }
            let chunk = UnsafeRawBufferPointer(rebasing: inBuffer[inStart..<inEnd])
            let zero = chunk.firstIndex(of: 0)
            let take = zero.map { $0 + 1 } ?? chunk.count
            try skipHeaderBytes(take, crc: &crc)
            if zero != nil { return }
        }
    }

    /// Moves unread input bytes to the front of the buffer.
    private func compact() {
        let pending = inEnd - inStart
        if pending > 0 && inStart > 0 {
            inBuffer.baseAddress!.copyMemory(from: inBuffer.baseAddress!.advanced(by: inStart), byteCount: pending)
        }
        inStart = 0
        inEnd = pending
    }

    /// Reads more stored bytes after any pending ones. Returns false at end of file.
    private func refill() throws(IngestError) -> Bool {
        if sawEOF { return inEnd > inStart }
        compact()
        let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: inBuffer[inEnd...]))
        if n == 0 { sawEOF = true }
        inEnd += n
        return inEnd > inStart
    }

    private func readPlain(into out: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        if inStart < inEnd {
            let n = min(out.count, inEnd - inStart)
            out.baseAddress!.copyMemory(from: inBuffer.baseAddress!.advanced(by: inStart), byteCount: n)
            inStart += n
            return n
        }
        if sawEOF { return 0 }
        let n = try file.read(into: out)
        if n == 0 { sawEOF = true }
        return n
    }
}
