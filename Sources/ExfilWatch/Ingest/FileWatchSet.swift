import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files `tail` follows, like `tail -F`: paths and globs are looked at again on every
/// ``refresh()``, and a file is known by its identity (device, inode) and fingerprint, not its name.
///
/// - A path that does not exist yet is picked up when it appears (from offset 0).
/// - Rename rotation: the old file no longer has a watched name; it stays open and is read to its end
///   (a writer may still append until it reopens) and is closed once it has been quiet for
///   ``rotatedGrace``; the new file at the path is read from 0. Delete-and-recreate is the same.
/// - Copytruncate: the follower sees the file shrink and starts again at 0. When a glob also matches
///   the rotated copy, the copy's fingerprint shows it was already read up to where the original
///   was, and it is read only from there (the lines written just before the truncation).
/// - Compressed files (gzip magic) matched by a glob are ignored: rotated archives are for `scan`.
/// - On a restart from a checkpoint, a file that was rotated while `tail` was down is found by its
///   identity in its directory and read to its end first.
public final class FileWatchSet {
    /// What changed in a ``refresh()``, for the reader of the followers.
    public enum Change {
        /// A file is followed from now on; `restored` is its checkpoint entry when it resumed one.
        case opened(FileFollower, restored: FilePosition?)
        /// The file was truncated or rewritten and is read again from 0.
        case restarted(FileFollower)
        /// A rotated-away or deleted file was read to its end and closed; take its partial last line.
        case retired(FileFollower)
    }

    public let patterns: [String]
    public let maxLineLength: Int
    /// How long a rotated-away file must stay quiet before it is closed, seconds.
    public let rotatedGrace: Double
    /// Followed files; rotated-away ones first (they hold the older lines).
    public private(set) var followers: [FileFollower] = []

    private let logger: Logger
    private var startAtEnd: Bool
    private var pendingRestore: [FilePosition]
    private var firstRefresh = true
    private var orphanedSince: [FileIdentity: ContinuousClock.Instant] = [:]
    /// Compressed files, by identity, with the name each was seen under. Only that name skips the
    /// check: a rotation chain frees a `.gz` file's inode and the filesystem may give it at once to the
    /// new, plain `access.log`, which must be read, not taken for the archive.
    private var ignored: [FileIdentity: String] = [:]
    private var reported = Set<String>()
    /// Fingerprints of content read before (truncated or closed files) and how far: recognises copies.
    private var retired: [(fingerprint: FileFingerprint, offset: Int64, lineNumber: Int64)] = []

    /// - Parameters:
    ///   - restoring: file positions from a checkpoint, or nil on a fresh start.
    ///   - startAtEnd: on a fresh start, begin files that exist now at their end (like `tail -F`).
    public init(
        patterns: [String], maxLineLength: Int, rotatedGrace: Double, startAtEnd: Bool, restoring: [FilePosition]?,
        logger: Logger
    ) {
        self.patterns = patterns
        self.maxLineLength = maxLineLength
        self.rotatedGrace = rotatedGrace
        self.startAtEnd = startAtEnd && restoring == nil
        self.pendingRestore = restoring ?? []
        self.logger = logger
    }

    /// True when `follower` no longer has a watched name (rotated away or deleted).
    public func isRotatedAway(_ follower: FileFollower) -> Bool { orphanedSince[follower.identity] != nil }

    /// Expands the patterns, opens new files, notices renames, truncation and deletion, and closes
    /// rotated files that are done. Call between lines only.
    public func refresh() -> [Change] {
        var changes: [Change] = []
        var seen = Set<FileIdentity>()
        var stillIgnored: [FileIdentity: String] = [:]
        for pattern in patterns {
            if let (directory, reason) = GlobExpander.unreadableDirectory(of: pattern) {
                reportOnce(
                    pattern, .warning, "\(directory): cannot list: \(reason); \(pattern) matches nothing until it can")
            }
        }
        for path in GlobExpander.expand(patterns) {
            var st = stat()
            guard stat(path, &st) == 0 else {
                if errno == ENOENT {
                    reportOnce(path, .info, "\(path): does not exist yet; waiting for it")
                } else {
                    reportOnce(
                        path, .warning, "\(path): cannot read: \(String(cString: strerror(errno))); waiting for it")
                }
                continue
            }
            guard (st.st_mode & S_IFMT) == S_IFREG else {
                reportOnce(path, .warning, "\(path): not a regular file; ignored")
                continue
            }
            let id = FileIdentity(st)
            if ignored[id] == path {
                stillIgnored[id] = path
                continue
            }
            if seen.contains(id) { continue }
            if let known = followers.first(where: { $0.identity == id }) {
                if known.path != path {
                    logger.info("file renamed", metadata: ["from": "\(known.path)", "to": "\(path)"])
                    known.path = path
                }
                seen.insert(id)
                continue
            }
            guard let follower = open(path) else {
                if ignored[id] == path { stillIgnored[id] = path }
                continue
            }
            seen.insert(follower.identity)
            changes.append(.opened(follower, restored: position(follower)))
            followers.append(follower)
        }
        // An ignored inode no watched name shows any more may be reused by a new file.
        ignored = stillIgnored
        if firstRefresh {
            for record in pendingRestore {
                guard let follower = findRotated(record) else {
                    logger.warning(
                        "file from the checkpoint is gone; lines written to it after the checkpoint are lost",
                        metadata: ["path": "\(record.path)", "file": "\(record.identity)"])
                    continue
                }
                changes.append(.opened(follower, restored: position(follower)))
                followers.append(follower)
            }
            pendingRestore = []
            firstRefresh = false
            startAtEnd = false
        }
        let now = ContinuousClock.now
        var kept: [FileFollower] = []
        for follower in followers {
            if seen.contains(follower.identity) {
                orphanedSince[follower.identity] = nil
            } else if orphanedSince[follower.identity] == nil {
                orphanedSince[follower.identity] = now
                logger.info("file rotated away or deleted; reading the rest", metadata: ["path": "\(follower.path)"])
            }
            if case .restarted(let previous, let offset) = follower.refresh() {
                logger.notice("file truncated; reading it again from the start", metadata: ["path": "\(follower.path)"])
                remember(previous, offset: offset, lineNumber: 0)
                changes.append(.restarted(follower))
            }
            if let since = orphanedSince[follower.identity], follower.readOffset >= follower.size,
                Self.seconds(now - max(since, follower.lastGrowth)) >= rotatedGrace
            {
                orphanedSince[follower.identity] = nil
                remember(follower.fingerprint, offset: follower.size, lineNumber: follower.lineNumber)
                logger.info("rotated file read to its end; closed", metadata: ["path": "\(follower.path)"])
                changes.append(.retired(follower))
                continue
            }
            kept.append(follower)
        }
        followers = kept.filter { isRotatedAway($0) } + kept.filter { !isRotatedAway($0) }
        return changes
    }

    /// Opens a newly seen path; nil (and reported) when it cannot be read or is compressed.
    private func open(_ path: String) -> FileFollower? {
        let follower: FileFollower
        do { follower = try FileFollower(path: path, maxLineLength: maxLineLength) } catch {
            reportOnce(path, .warning, "\(error)")
            return nil
        }
        if followers.contains(where: { $0.identity == follower.identity }) { return nil }
        if follower.size >= 2, let magic = follower.fingerprint(length: 2), magic == Self.gzipMagic {
            ignored[follower.identity] = path
            reportOnce(path, .info, "\(path): compressed; ignored by tail (use scan for archives)")
            return nil
        }
        return follower
    }

    static let gzipMagic = FileFingerprint(hash: FileFingerprint.fnv1a([0x1F, 0x8B]), length: 2)

    /// Where to start a newly opened file: its checkpoint position, the position reached in content
    /// it is a copy of, the end (fresh start with `startAtEnd`), or 0. Returns the restored entry.
    private func position(_ follower: FileFollower) -> FilePosition? {
        if let i = pendingRestore.firstIndex(where: { $0.identity == follower.identity }) {
            let record = pendingRestore.remove(at: i)
            let same =
                record.fingerprint.length == 0
                || follower.fingerprint(length: record.fingerprint.length) == record.fingerprint
            if same && follower.size >= record.offset {
                follower.seek(to: record.offset, lineNumber: record.lineNumber)
                return record
            }
            logger.notice(
                "file changed while stopped; reading it from the start", metadata: ["path": "\(follower.path)"])
            remember(record.fingerprint, offset: record.offset, lineNumber: record.lineNumber)
            return nil
        }
        if follower.fingerprint.isComplete {
            // A copy of content read before: of a followed file, of a checkpointed one (copytruncate
            // while tail was down), or of one truncated or closed earlier.
            let fingerprint = follower.fingerprint
            let reached =
                followers.first { $0.fingerprint == fingerprint }.map { ($0.consumedOffset, $0.lineNumber) }
                ?? pendingRestore.first { $0.fingerprint == fingerprint }.map { ($0.offset, $0.lineNumber) }
                ?? retired.last { $0.fingerprint == fingerprint }.map { ($0.offset, $0.lineNumber) }
            if let (offset, lines) = reached {
                logger.info(
                    "file is a copy of one already read; continuing where that one was",
                    metadata: ["path": "\(follower.path)"])
                follower.seek(to: min(offset, follower.size), lineNumber: lines, resync: offset > follower.size)
                return nil
            }
        }
        if startAtEnd && follower.size > 0 {
            var byte: UInt8 = 0
            let endsWithNewline = pread(follower.fd, &byte, 1, off_t(follower.size - 1)) == 1 && byte == 0x0A
            follower.seek(to: follower.size, lineNumber: 0, resync: !endsWithNewline)
        }
        return nil
    }

    /// A checkpointed file no longer at its path: looks for its inode in the same directory.
    private func findRotated(_ record: FilePosition) -> FileFollower? {
        let directory = AtomicFile.split(record.path).directory
        guard let dir = opendir(directory) else { return nil }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var st = stat()
            guard fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) == 0, FileIdentity(st) == record.identity,
                (st.st_mode & S_IFMT) == S_IFREG
            else { continue }
            let path = directory == "/" ? "/" + name : directory + "/" + name
            guard let follower = try? FileFollower(path: path, maxLineLength: maxLineLength),
                follower.identity == record.identity
            else { return nil }
            logger.info(
                "file rotated while stopped; reading the rest of it",
                metadata: ["from": "\(record.path)", "to": "\(path)"])
            return follower
        }
        return nil
    }

    private func remember(_ fingerprint: FileFingerprint, offset: Int64, lineNumber: Int64) {
        guard fingerprint.isComplete else { return }
        retired.append((fingerprint, offset, lineNumber))
        if retired.count > 64 { retired.removeFirst(retired.count - 64) }
    }

    private func reportOnce(_ key: String, _ level: Logger.Level, _ message: String) {
        guard reported.insert(key + "\u{0}" + message).inserted else { return }
        logger.log(level: level, "\(message)")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
