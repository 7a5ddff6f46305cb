#if canImport(Glibc)
    import Glibc
    /// The C library's `write` and `read`, named apart from
    /// ``AtomicFile/write(_:to:mode:followingDirectoryLink:)`` and ``AtomicFile/read(_:followingDirectoryLink:)``.
    private let systemWrite = Glibc.write
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
    private let systemRead = Darwin.read
#endif

/// Whole-file writes that are atomic and safe in a directory an attacker might share: the bytes go to
/// a new temporary file (`O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0600 unless told otherwise), are
/// `fsync`ed, and the temporary file is renamed over the target with `renameat` (which replaces a
/// symbolic link at the target rather than following it); the directory is then `fsync`ed. A reader
/// therefore sees the old file or the new one, never a mix, even across a crash or power loss.
///
/// State files (`tail` checkpoints, engine state) also refuse a directory that is itself a symbolic
/// link, as ``SpoolDirectory`` does: whoever can swap the state directory for a link could otherwise
/// redirect the state into a directory they control and edit it between runs. Only the last
/// component is checked (a parent such as macOS's `/tmp` may be a link). Outputs the user names (a
/// tuned model, a report, the metrics file) pass `followingDirectoryLink: true`.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing it atomically.
    /// - Parameters:
    ///   - mode: permission bits of the new file (0600 by default; the umask is not applied).
    ///   - followingDirectoryLink: whether the directory holding `path` may be a symbolic link (false
    ///     for state files).
    /// - Throws: ``AtomicFileError`` naming the path and the failing step.
    public static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o600, followingDirectoryLink: Bool = false
    ) throws(AtomicFileError) {
        guard !path.hasSuffix("/") else {
            throw AtomicFileError(path: path, operation: "open", reason: "ends in '/': a directory, not a file name")
        }
        let (directory, name) = split(path)
        guard let dirfd = try openDirectory(directory, followingLink: followingDirectoryLink) else {
            throw AtomicFileError(
                path: directory, operation: AtomicFileError.openDirectory, reason: String(cString: strerror(ENOENT)))
        }
        defer { close(dirfd) }
        let temporary = ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = openat(dirfd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw AtomicFileError(path: path, operation: "create temporary file") }
        var failure: AtomicFileError?
        if fchmod(fd, mode) != 0 { failure = AtomicFileError(path: path, operation: "fchmod") }
        if failure == nil {
            failure = bytes.withUnsafeBytes { p -> AtomicFileError? in
                var done = 0
                while done < p.count {
                    let n = systemWrite(fd, p.baseAddress! + done, p.count - done)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return AtomicFileError(path: path, operation: "write") }
                    done += n
                }
                return nil
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = AtomicFileError(path: path, operation: "fsync") }
        if close(fd) != 0 && failure == nil { failure = AtomicFileError(path: path, operation: "close") }
        if failure == nil && renameat(dirfd, temporary, dirfd, name) != 0 {
            failure = AtomicFileError(path: path, operation: "rename into place")
        }
        if let failure {
            unlinkat(dirfd, temporary, 0)
            throw failure
        }
        // The rename is durable once the directory is; a failure here leaves a complete file.
        _ = fsync(dirfd)
    }

    /// Checks, without writing, that ``write(_:to:mode:followingDirectoryLink:)`` could create `path`:
    /// a file name (no trailing `/`, not an existing directory) in an existing, writable directory. An
    /// output written at the end of a long run (a tuned model, a report, a summary) is checked first,
    /// so a typo fails at once rather than after the work.
    /// - Throws: ``AtomicFileError`` naming the path or its directory.
    public static func checkWritable(_ path: String, followingDirectoryLink: Bool = false) throws(AtomicFileError) {
        guard !path.hasSuffix("/") else {
            throw AtomicFileError(path: path, operation: "open", reason: "ends in '/': a directory, not a file name")
        }
        let (directory, name) = split(path)
        guard let dirfd = try openDirectory(directory, followingLink: followingDirectoryLink) else {
            throw AtomicFileError(
                path: directory, operation: AtomicFileError.openDirectory, reason: String(cString: strerror(ENOENT)))
        }
        defer { close(dirfd) }
        if faccessat(dirfd, ".", W_OK | X_OK, AT_EACCESS) != 0 {
            throw AtomicFileError(path: directory, operation: "check writable")
        }
        var st = stat()
        if fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw AtomicFileError(path: path, operation: "open", reason: "is a directory")
        }
    }

    /// The bytes of `path`, or nil when it (or its directory) does not exist. A symbolic link is
    /// refused (`O_NOFOLLOW`), and so is a directory that is one unless `followingDirectoryLink`.
    /// - Throws: ``AtomicFileError`` when the file exists but cannot be read or is not a regular file.
    public static func read(_ path: String, followingDirectoryLink: Bool = false) throws(AtomicFileError) -> [UInt8]? {
        let (directory, name) = split(path)
        guard let dirfd = try openDirectory(directory, followingLink: followingDirectoryLink) else { return nil }
        defer { close(dirfd) }
        let fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw AtomicFileError(path: path, operation: "open", reason: "is a symbolic link") }
            throw AtomicFileError(path: path, operation: "open")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AtomicFileError(path: path, operation: "stat") }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw AtomicFileError(path: path, operation: "open", reason: "not a regular file")
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(st.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw AtomicFileError(path: path, operation: "read") }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Creates `path` as a directory with mode 0700 (parents as needed) unless it already exists.
    /// A symbolic link as the last component is refused, as a state file's directory is; parents
    /// may be links. A trailing `/` does not count as a component (`lstat("link/")` would follow).
    /// - Throws: ``AtomicFileError`` when it cannot be created or exists as something else.
    public static func makeDirectory(_ path: String) throws(AtomicFileError) {
        try makeDirectory(trimmed(path), refusingLink: true)
    }

    private static func makeDirectory(_ path: String, refusingLink: Bool) throws(AtomicFileError) {
        var st = stat()
        if (refusingLink ? lstat(path, &st) : stat(path, &st)) == 0 {
            if (st.st_mode & S_IFMT) == S_IFLNK {
                throw AtomicFileError(path: path, operation: AtomicFileError.openDirectory, reason: linkReason)
            }
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw AtomicFileError(
                    path: path, operation: "create directory", reason: "exists and is not a directory")
            }
            return
        }
        let (parent, _) = split(path)
        if parent != path && parent != "/" && parent != "." { try makeDirectory(parent, refusingLink: false) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw AtomicFileError(path: path, operation: "create directory")
        }
    }

    /// Creates `path` like ``makeDirectory(_:)`` and checks that a state file could be written in it
    /// (not a symbolic link, writable and searchable), so that a long run fails at its start rather
    /// than at its end.
    /// - Throws: ``AtomicFileError`` naming the directory.
    public static func prepareDirectory(_ path: String) throws(AtomicFileError) {
        let path = trimmed(path)
        try makeDirectory(path, refusingLink: true)
        guard let fd = try openDirectory(path, followingLink: false) else {
            throw AtomicFileError(
                path: path, operation: AtomicFileError.openDirectory, reason: String(cString: strerror(ENOENT)))
        }
        defer { close(fd) }
        if faccessat(fd, ".", W_OK | X_OK, AT_EACCESS) != 0 {
            throw AtomicFileError(path: path, operation: "check writable")
        }
    }

    /// `path` without trailing slashes (`/` stays): `lstat` and `O_NOFOLLOW` follow a link named `link/`.
    static func trimmed(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    private static let linkReason = "is a symbolic link; refusing to keep state in it"

    /// A descriptor for `directory` (`O_DIRECTORY`), opened with `O_NOFOLLOW` unless `followingLink`;
    /// nil when it does not exist.
    private static func openDirectory(_ path: String, followingLink: Bool) throws(AtomicFileError) -> Int32? {
        let directory = trimmed(path)
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (followingLink ? 0 : O_NOFOLLOW))
        if fd >= 0 { return fd }
        let code = errno
        if code == ENOENT { return nil }
        var st = stat()
        if !followingLink && (code == ELOOP || code == ENOTDIR) && lstat(directory, &st) == 0
            && (st.st_mode & S_IFMT) == S_IFLNK
        {
            throw AtomicFileError(path: directory, operation: AtomicFileError.openDirectory, reason: linkReason)
        }
        errno = code
        throw AtomicFileError(path: directory, operation: AtomicFileError.openDirectory)
    }

    /// `("/a/b", "c")` for `/a/b/c`; `(".", "c")` for `c`.
    static func split(_ path: String) -> (directory: String, name: String) {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return (".", p) }
        let directory = String(p[..<slash])
        return (directory.isEmpty ? "/" : directory, String(p[p.index(after: slash)...]))
    }
}

/// A failed atomic write or read: the path, the step that failed and the system's reason.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// The ``operation`` of a failure to open (or a refusal of) the directory holding the file.
    public static let openDirectory = "open directory"
    /// The step that failed (`create temporary file`, `fsync`, `rename into place`, …).
    public var operation: String
    public var reason: String

    /// An error whose reason is the current `errno`.
    public init(path: String, operation: String) {
        self.init(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "\(path): \(operation) failed: \(reason)" }
}
