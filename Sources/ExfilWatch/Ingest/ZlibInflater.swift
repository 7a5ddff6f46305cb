import CZlib

/// A ``GzipMemberDecoder`` on zlib's `inflate`: the default, always built.
///
/// zlib's own check (`crc32_z`, table-driven, about 6% of a whole scan) is turned off with
/// `inflateValidate`; the decoder checks each member's CRC-32 and length itself with
/// `exfilwatch_crc32`, which folds with PCLMULQDQ where the CPU has it. The trailer is the last 8
/// bytes inflate consumed before it reported the member's end, kept across calls in ``lastBytes``.
///
/// Memory: zlib's state and its 32 KiB window, allocated once.
final class ZlibInflater: GzipMemberDecoder {
    /// The reason for a member whose CRC-32 does not match: found only at its trailer, so the offset
    /// reported is the member's end, and the damage lies somewhere before it.
    static let checksumMismatch =
        "incorrect data check (the CRC-32 at the end of this gzip member does not match: its data is damaged "
        + "somewhere before this offset)"

    private let stream: UnsafeMutablePointer<z_stream>
    /// CRC-32 and length (mod 2^32) of the current member's decoded bytes.
    private var crc: UInt32 = 0
    private var length: UInt32 = 0
    /// The last 8 compressed bytes consumed, the latest in the high byte: at a member's end, its
    /// trailer (CRC-32 in the low half, length in the high half, both little-endian).
    private var lastBytes: UInt64 = 0

    /// - Throws: the zlib return code as text when `inflateInit2` fails (out of memory).
    init() throws(InflateInitFailure) {
        let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        s.initialize(to: z_stream())
        // 15 + 32: a 32 KiB window, and zlib detects the gzip header itself.
        var rc = exfilwatch_inflateInit2(s, 15 + 32)
        if rc == Z_OK {
            rc = inflateValidate(s, 0)
            if rc != Z_OK { inflateEnd(s) }
        }
        guard rc == Z_OK else {
            s.deallocate()
            throw InflateInitFailure(reason: "inflateInit2 failed (\(rc))")
        }
        stream = s
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateStep {
        let s = stream
        let inCount = min(input.count, Int(UInt32.max))
        let outCount = min(output.count, Int(UInt32.max))
        s.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        s.pointee.avail_in = uInt(inCount)
        s.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        s.pointee.avail_out = uInt(outCount)
        let rc = CZlib.inflate(s, Z_NO_FLUSH)
        var step = InflateStep(
            consumed: inCount - Int(s.pointee.avail_in), produced: outCount - Int(s.pointee.avail_out),
            outcome: .progress)
        if step.produced > 0 {
            crc = exfilwatch_crc32(crc, output.baseAddress!.assumingMemoryBound(to: UInt8.self), step.produced)
            length &+= UInt32(truncatingIfNeeded: step.produced)
        }
        remember(UnsafeRawBufferPointer(rebasing: input[0..<step.consumed]))
        switch rc {
        case Z_OK, Z_BUF_ERROR:
            break
        case Z_STREAM_END:
            if UInt32(truncatingIfNeeded: lastBytes) != crc {
                step.outcome = .corrupt(ZlibInflater.checksumMismatch)
            } else if UInt32(truncatingIfNeeded: lastBytes >> 32) != length {
                step.outcome = .corrupt("incorrect length check")
            } else {
                step.outcome = .memberEnd
            }
        default:
            step.outcome = .corrupt(s.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)")
        }
        return step
    }

    /// Shifts the consumed bytes into ``lastBytes``.
    private func remember(_ consumed: UnsafeRawBufferPointer) {
        if consumed.count >= 8 {
            let last = consumed.loadUnaligned(fromByteOffset: consumed.count - 8, as: UInt64.self)
            lastBytes = UInt64(littleEndian: last)
        } else {
            for byte in consumed { lastBytes = lastBytes >> 8 | UInt64(byte) << 56 }
        }
    }

    func reset() {
        inflateReset(stream)
        crc = 0
        length = 0
    }
}
