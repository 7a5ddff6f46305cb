#if ISAL
    import CISAL

    /// A ``GzipMemberDecoder`` on Intel ISA-L's `isal_inflate` (igzip), built with the `ISAL` trait.
    ///
    /// With `crc_flag = ISAL_GZIP` ISA-L parses the gzip header, inflates, and checks the CRC-32 and
    /// length in the trailer of one member; the member has ended when `block_state` is
    /// `ISAL_BLOCK_FINISH`, and `isal_inflate_reset` prepares for the next one. ISA-L may hold decoded
    /// bytes it had no room for; it writes them on the next call, also with empty input.
    ///
    /// Memory: one `inflate_state` (about 200 KiB, holding the history window), allocated once.
    final class IsalInflater: GzipMemberDecoder {
        private let state: UnsafeMutablePointer<inflate_state>

        init() {
            state = .allocate(capacity: 1)
            isal_inflate_init(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
        }

        deinit {
            state.deallocate()
        }

        func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateStep {
            let s = state
            let inCount = min(input.count, Int(UInt32.max))
            let outCount = min(output.count, Int(UInt32.max))
            s.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            s.pointee.avail_in = UInt32(inCount)
            s.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
            s.pointee.avail_out = UInt32(outCount)
            let rc = isal_inflate(s)
            var step = InflateStep(
                consumed: inCount - Int(s.pointee.avail_in), produced: outCount - Int(s.pointee.avail_out),
                outcome: .progress)
            if rc != ISAL_DECOMP_OK {
                step.outcome = .corrupt(Self.reason(rc))
            } else if s.pointee.block_state == ISAL_BLOCK_FINISH {
                step.outcome = .memberEnd
            }
            return step
        }

        func reset() {
            isal_inflate_reset(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
        }

        /// Text for an `isal_inflate` return code, in the words zlib would use where it has them.
        static func reason(_ rc: Int32) -> String {
            switch rc {
            case ISAL_INVALID_BLOCK: "invalid block type"
            case ISAL_INVALID_SYMBOL: "invalid code"
            case ISAL_INVALID_LOOKBACK: "invalid distance too far back"
            case ISAL_INVALID_WRAPPER: "incorrect header check"
            case ISAL_UNSUPPORTED_METHOD: "unknown compression method"
            case ISAL_INCORRECT_CHECKSUM: ZlibInflater.checksumMismatch
            case ISAL_NEED_DICT: "need dictionary"
            default: "isal_inflate error \(rc)"
            }
        }
    }
#endif
