import CZlib

/// A ``GzipMemberDecoder`` on zlib's `inflate`: the default, always built.
///
/// Memory: zlib's state and its 32 KiB window, allocated once.
final class ZlibInflater: GzipMemberDecoder {
    private let stream: UnsafeMutablePointer<z_stream>

    /// - Throws: the zlib return code as text when `inflateInit2` fails (out of memory).
    init() throws(InflateInitFailure) {
        let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        s.initialize(to: z_stream())
        // 15 + 32: a 32 KiB window, and zlib detects the gzip header itself.
        let rc = exfilwatch_inflateInit2(s, 15 + 32)
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
        switch rc {
        case Z_OK, Z_BUF_ERROR:
            break
        case Z_STREAM_END:
            step.outcome = .memberEnd
        default:
            step.outcome = .corrupt(s.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)")
        }
        return step
    }

    func reset() {
        inflateReset(stream)
    }
}
