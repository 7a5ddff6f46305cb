#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a file lives: its device and inode. Two paths with the same identity are one file (a
/// rename keeps it; a delete-and-recreate changes it).
public struct FileIdentity: Hashable, Sendable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    init(_ st: stat) {
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    public var description: String { "dev \(device) inode \(inode)" }
}

/// What a file's content starts with: a 64-bit FNV-1a hash of its first ``maxLength`` bytes (or of
/// all of it while it is shorter; ``length`` says how many bytes were hashed).
///
/// Together with ``FileIdentity`` it tells a file that was appended to from one that was truncated
/// and rewritten, or a recycled inode; a complete fingerprint also recognises a copy of a file
/// already read (copytruncate's rotated copy).
public struct FileFingerprint: Hashable, Sendable {
    /// Bytes hashed once the file is at least this long.
    public static let maxLength = 1024

    public var hash: UInt64
    /// Number of leading bytes hashed: less than ``maxLength`` only while the file is shorter.
    public var length: Int

    public init(hash: UInt64, length: Int) {
        self.hash = hash
        self.length = length
    }

    /// True when ``maxLength`` bytes were hashed, so the fingerprint identifies content.
    public var isComplete: Bool { length == Self.maxLength }

    /// The fingerprint of the first `length` bytes of `fd` (read with `pread`, not moving the file
    /// position); nil when the file has fewer bytes or cannot be read.
    static func read(fd: Int32, length: Int) -> FileFingerprint? {
        precondition(length <= maxLength)
        var buffer = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, length - done, off_t(done)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            done += n
        }
        return FileFingerprint(hash: fnv1a(buffer), length: length)
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
