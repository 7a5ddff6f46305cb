#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One open file being followed: its descriptor, identity, fingerprint, the offset of the next
/// unread line and the partial line after it. Lines are slices of one buffer (no copy, no `String`).
///
/// A line without its newline is held back until the newline arrives. ``refresh()`` notices
/// truncation (copytruncate: the file is shorter than what was read) and rewriting (the fingerprinted
/// first bytes changed) and starts again at offset 0. Which *path* names the file is the business of
/// ``FileWatchSet``; a follower keeps reading its inode after a rename or delete.
///
/// - Complexity: O(n) in the bytes read; the newline search is `memchr`.
public final class FileFollower {
    /// Bytes read from the file per `read(2)`, beyond room for one partial line.
    static let chunkSize = 256 * 1024

    /// What ``refresh()`` found.
    public enum Change: Equatable, Sendable {
        /// Same content as before; `grew` when there are bytes not read yet.
        case unchanged(grew: Bool)
        /// Truncated or rewritten from the start: the follower starts again at 0. `previous` and
        /// `offset` describe what had been read of the old content.
        case restarted(previous: FileFingerprint, offset: Int64)
    }

    public let identity: FileIdentity
    /// The path the file was last seen at (it changes with renames).
    public internal(set) var path: String
    /// Fingerprint of the file's first bytes; grows with the file up to ``FileFingerprint/maxLength``.
    public private(set) var fingerprint: FileFingerprint
    /// Offset just after the last complete line handed out: where a restart resumes, bytes.
    public private(set) var consumedOffset: Int64 = 0
    /// Offset where the line most recently handed out starts, bytes.
    public private(set) var lineStartOffset: Int64 = 0
    /// Lines consumed up to ``consumedOffset`` (counting skipped over-long lines).
    public private(set) var lineNumber: Int64 = 0
    /// Lines skipped for exceeding ``maxLineLength``.
    public private(set) var overlongLines: Int64 = 0
    /// File size at the last ``refresh()``, bytes.
    public private(set) var size: Int64
    /// When the file last grew (or was opened): rotated files are closed after a quiet grace period.
    public private(set) var lastGrowth = ContinuousClock.now
    public let maxLineLength: Int

    let fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    /// `buffer[start..<end]` holds the file bytes from ``consumedOffset`` + `skipped` on.
    private var start = 0
    private var end = 0
    /// Bytes of the current line already discarded (over-long, or the partial line before a start
    /// at the end of the file).
    private var skipped: Int64 = 0
    private var skip = Skip.none

    private enum Skip { case none, overlong, resync }

    /// Opens `path` read-only.
    /// - Throws: ``IngestError`` `.unreadable` when it cannot be opened or is not a regular file.
    public init(path: String, maxLineLength: Int = LineReader.defaultMaxLineLength) throws(IngestError) {
        let d = open(path, O_RDONLY | O_CLOEXEC)
        guard d >= 0 else { throw IngestError(kind: .unreadable, path: path, offset: 0, reason: RawFile.errnoText()) }
        var st = stat()
        guard fstat(d, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(d)
            throw IngestError(kind: .unreadable, path: path, offset: 0, reason: "not a regular file")
        }
        self.path = path
        fd = d
        identity = FileIdentity(st)
        size = Int64(st.st_size)
        self.maxLineLength = max(16, maxLineLength)
        buffer = .allocate(byteCount: self.maxLineLength + Self.chunkSize, alignment: 64)
        fingerprint =
            FileFingerprint.read(fd: d, length: Int(min(size, Int64(FileFingerprint.maxLength))))
            ?? FileFingerprint(hash: FileFingerprint.fnv1a([]), length: 0)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Offset of the next byte `read(2)` returns: everything before it is in the buffer or consumed.
    public var readOffset: Int64 { consumedOffset + skipped + Int64(end - start) }

    /// True when the file has no name left (deleted while open).
    public var isDeleted: Bool {
        var st = stat()
        return fstat(fd, &st) == 0 && st.st_nlink == 0
    }

    /// The first bytes of the file (up to `length`) as a fingerprint, or nil when it is shorter.
    public func fingerprint(length: Int) -> FileFingerprint? { FileFingerprint.read(fd: fd, length: length) }

    /// Continues at `offset` with `lineNumber` lines before it, dropping anything buffered.
    /// - Parameter resync: `offset` may fall inside a line; skip to the next newline first.
    public func seek(to offset: Int64, lineNumber: Int64, resync: Bool = false) {
        lseek(fd, off_t(offset), SEEK_SET)
        consumedOffset = offset
        lineStartOffset = offset
        self.lineNumber = lineNumber
        start = 0
        end = 0
        skipped = 0
        skip = resync ? .resync : .none
    }

    /// The next complete line (without `\n` or `\r\n`), valid until the next call on this follower;
    /// nil when no complete line is available yet.
    /// - Throws: ``IngestError`` `.unreadable` when reading fails; the position is unchanged.
    public func nextLine() throws(IngestError) -> UnsafeRawBufferPointer? {
        while true {
            let base = buffer.baseAddress!
            if start < end, let hit = memchr(base + start, 0x0A, end - start) {
                let newline = base.distance(to: hit)
                let lineStart = start
                lineStartOffset = consumedOffset
                consumedOffset += skipped + Int64(newline + 1 - start)
                start = newline + 1
                let wasSkipping = skip
                skipped = 0
                skip = .none
                if wasSkipping == .resync { continue }
                lineNumber += 1
                if wasSkipping == .overlong || newline - lineStart > maxLineLength {
                    overlongLines += 1
                    continue
                }
                var lineEnd = newline
                if lineEnd > lineStart && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd])
            }
            if skip != .none || end - start > maxLineLength {
                // No newline yet in a line that will be dropped: forget its bytes, keep counting them.
                if skip == .none { skip = .overlong }
                skipped += Int64(end - start)
                start = 0
                end = 0
            } else if start > 0 {
                if end > start { base.copyMemory(from: base + start, byteCount: end - start) }
                end -= start
                start = 0
            }
            let n = read(fd, base + end, buffer.count - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestError(kind: .unreadable, path: path, offset: readOffset, reason: RawFile.errnoText())
            }
            if n == 0 { return nil }
            end += n
            if readOffset > size {
                size = readOffset
                lastGrowth = .now
            }
        }
    }

    /// The unterminated last line, consumed: for a rotated file that will not grow any more. Nil when
    /// there is none or it is being skipped.
    public func takePartialLine() -> UnsafeRawBufferPointer? {
        guard skip == .none, end > start else { return nil }
        let line = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
        lineStartOffset = consumedOffset
        consumedOffset += Int64(end - start)
        start = end
        lineNumber += 1
        return line
    }

    /// Looks at the file again: size, truncation, rewritten first bytes, and the fingerprint of a
    /// file still shorter than ``FileFingerprint/maxLength``.
    ///
    /// Call only between lines (the last line handed out is invalidated when the follower restarts).
    public func refresh() -> Change {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .unchanged(grew: false) }
        let newSize = Int64(st.st_size)
        var rewritten = newSize < readOffset || newSize < Int64(fingerprint.length)
        if !rewritten && fingerprint.length > 0 {
            rewritten = FileFingerprint.read(fd: fd, length: fingerprint.length) != fingerprint
        }
        if rewritten {
            let previous = (fingerprint, consumedOffset)
            seek(to: 0, lineNumber: 0)
            size = newSize
            lastGrowth = .now
            fingerprint =
                FileFingerprint.read(fd: fd, length: Int(min(newSize, Int64(FileFingerprint.maxLength))))
                ?? FileFingerprint(hash: FileFingerprint.fnv1a([]), length: 0)
            return .restarted(previous: previous.0, offset: previous.1)
        }
        if fingerprint.length < FileFingerprint.maxLength && newSize > Int64(fingerprint.length) {
            let length = Int(min(newSize, Int64(FileFingerprint.maxLength)))
            if let longer = FileFingerprint.read(fd: fd, length: length) { fingerprint = longer }
        }
        if newSize > size { lastGrowth = .now }
        size = newSize
        return .unchanged(grew: newSize > readOffset)
    }
}
