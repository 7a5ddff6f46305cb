import CZlib

/// The check of a gzip member header's own CRC (RFC 1952 `FHCRC`: the low 16 bits of the CRC-32 of the
/// header bytes before it), which neither decoder reports clearly: zlib skips it once its data check
/// is off (``ZlibInflater`` checks the data itself), and ISA-L reports it as a data check failure.
enum GzipHeaderCheck {
    /// The outcome of looking at the bytes that start a member.
    enum Outcome: Equatable {
        /// The header has no `FHCRC`, or its CRC matches.
        case valid
        /// The header's CRC does not match its bytes.
        case mismatch
        /// The header does not end within `bytes`: the caller may supply more, or leave the header to
        /// the decoder (a hostile file name longer than the input buffer).
        case incomplete
    }

    static let flagHeaderCRC: UInt8 = 0x02
    static let flagExtra: UInt8 = 0x04
    static let flagName: UInt8 = 0x08
    static let flagComment: UInt8 = 0x10

    /// Checks the header at the start of `bytes` (which starts with the magic `1f 8b`).
    /// - Complexity: O(header length); headers without `FHCRC` are settled after the 10-byte fixed part.
    static func check(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard bytes.count >= 10 else { return .incomplete }
        let flags = bytes[3]
        guard flags & flagHeaderCRC != 0 else { return .valid }
        var end = 10
        if flags & flagExtra != 0 {
            guard bytes.count >= end + 2 else { return .incomplete }
            end += 2 + (Int(bytes[end]) | Int(bytes[end + 1]) << 8)
        }
        // The file name, then the comment: each ends at a zero byte.
        for flag in 0..<2 where flags & (flag == 0 ? flagName : flagComment) != 0 {
            guard end < bytes.count, let zero = bytes[end...].firstIndex(of: 0) else { return .incomplete }
            end = zero + 1
        }
        guard bytes.count >= end + 2 else { return .incomplete }
        let stored = UInt32(bytes[end]) | UInt32(bytes[end + 1]) << 8
        let crc = exfilwatch_crc32(0, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), end)
        return crc & 0xFFFF == stored ? .valid : .mismatch
    }
}
