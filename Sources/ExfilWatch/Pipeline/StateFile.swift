/// The envelope of every state file `tail` reads (checkpoints, warm-start engine state): 8 bytes of
/// magic naming the kind of file, a `u32` version, the body, and a CRC-32 of all that, so a damaged
/// file is reported as such instead of being half-read, and a file from a newer exfilwatch is
/// recognised as newer.
public enum StateFile {
    /// `magic` + `version` + `body` + CRC-32.
    public static func seal(magic: [UInt8], version: UInt32, body: [UInt8]) -> [UInt8] {
        precondition(magic.count == 8)
        var w = StateWriter(capacity: body.count + 16)
        w.raw(magic)
        w.u32(version)
        w.raw(body)
        w.u32(CRC32.checksum(w.bytes[...]))
        return w.bytes
    }

    /// Checks the envelope of `bytes` read from `path` and returns a reader positioned at the body
    /// (the checksum excluded) with the version found.
    /// - Throws: ``TailError`` `.unusableState` naming `path` for a wrong magic, a newer or unknown
    ///   version, or a checksum mismatch.
    public static func open(
        _ bytes: [UInt8], path: String, magic: [UInt8], what: String, supported: ClosedRange<UInt32>
    )
        throws(TailError) -> (reader: StateReader, version: UInt32)
    {
        guard bytes.count >= 16, bytes.prefix(8).elementsEqual(magic) else {
            throw TailError(kind: .unusableState, path: path, offset: 0, reason: "not \(what)")
        }
        let stored = StateReader.u32(bytes, at: bytes.count - 4)
        let actual = CRC32.checksum(bytes[0..<bytes.count - 4])
        var reader = StateReader(Array(bytes[8..<bytes.count - 4]))
        let version = (try? reader.u32()) ?? 0
        if version > supported.upperBound {
            throw TailError(
                kind: .unusableState, path: path, offset: 8,
                reason:
                    "\(what) version \(version) was written by a newer exfilwatch "
                    + "(this one reads up to \(supported.upperBound))"
            )
        }
        guard stored == actual else {
            throw TailError(
                kind: .unusableState, path: path, offset: Int64(bytes.count - 4),
                reason: "\(what) is corrupt (checksum mismatch)")
        }
        guard supported.contains(version) else {
            throw TailError(
                kind: .unusableState, path: path, offset: 8, reason: "\(what) version \(version) is not supported")
        }
        return (reader, version)
    }
}

extension StateReader {
    /// The little-endian `u32` at `offset` of `bytes` (caller checked the bounds).
    static func u32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }
}
