import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A directory of alert files written safely: atomically, privately, and only where we mean to.
///
/// Used for `--webhook-dir` (files a forwarder ships), `--spool` (alerts not yet posted) and the
/// delivery ledger. Guarantees:
/// - **Atomic**: a file is written to a temporary name (`.<name>.tmp-<pid>-<n>`, created with
///   `O_CREAT|O_EXCL|O_NOFOLLOW`), `fsync`ed, `renameat`ed onto its name, then the directory is
///   `fsync`ed. A reader sees the old file or the whole new one, never a part, even after a crash.
/// - **Private**: files are mode 0600; a directory this type creates is 0700.
/// - **No symlinks**: the directory is opened once with `O_DIRECTORY|O_NOFOLLOW` (a spool path that is
///   a symbolic link is refused) and every file operation is relative to that descriptor
///   (`openat`/`renameat`/`unlinkat`), with `O_NOFOLLOW` on every open. A symlink planted at a file's
///   name is replaced by the rename, never written through; one planted elsewhere is never read.
///   (Symbolic links in the *parent* components of the path are followed, as the user typed them.)
/// - **Names from the id only**: an alert's file is `<id>.json`; ids must match `[A-Za-z0-9._-]+`,
///   be at most ``maximumIDLength`` bytes, not start with `.` and not contain `..`, so no id can name a
///   file outside the directory or a temporary file.
public final class SpoolDirectory: Sendable {
    /// One alert file in the directory.
    public struct Entry: Sendable, Equatable {
        /// The alert id (the file name without `.json`).
        public var id: String
        /// The file name, `<id>.json`.
        public var fileName: String
        /// Last modification, seconds since the epoch (entries are listed oldest first).
        public var modified: Int64
        /// Nanoseconds within `modified`, so that alerts written in the same second keep their order.
        var modifiedNanoseconds: Int = 0
    }

    /// Longest accepted alert id, in bytes (file names are limited to 255 bytes with the temp suffix).
    public static let maximumIDLength = 200
    /// Suffix of alert files.
    public static let fileSuffix = ".json"
    /// Largest file ``readFile(named:maximumBytes:)`` reads by default, in bytes (16 MiB).
    public static let defaultMaximumReadBytes = 16 << 20

    /// The path as given.
    public let path: String
    private let descriptor: Int32
    private let temporaryCounter = Mutex<UInt64>(0)

    /// Opens (and by default creates, mode 0700) the directory at `path`.
    /// - Throws: ``AlertSinkError`` with ``AlertSinkError/Code/unsafePath`` when `path` is a symbolic
    ///   link or not a directory, ``AlertSinkError/Code/permissionDenied`` when it cannot be opened or
    ///   created, and when `requireWritable` and it is not writable by this process.
    public init(path given: String, create: Bool = true, requireWritable: Bool = true) throws {
        guard !given.isEmpty else {
            throw AlertSinkError(code: .configuration, message: "empty directory path")
        }
        // `link/` would be followed by both lstat and O_NOFOLLOW.
        let path = AtomicFile.trimmed(given)
        self.path = path
        if create { try Self.createDirectories(path) }
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            throw AlertSinkError(
                code: .unsafePath, message: "is a symbolic link; refusing to use it as a spool directory", path: path)
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOTDIR {
                throw AlertSinkError(code: .unsafePath, message: "is not a directory", path: path, errno: code)
            }
            throw AlertSinkError.system("open directory", path: path, errno: code)
        }
        if requireWritable, faccessat(fd, ".", W_OK | X_OK, 0) != 0 {
            let code = errno
            close(fd)
            throw AlertSinkError.system("write access check", path: path, errno: code)
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    // MARK: Names

    /// True when `id` may name a file: `[A-Za-z0-9._-]+`, ≤ ``maximumIDLength`` bytes, no leading `.`,
    /// no `..`.
    public static func isValidAlertID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= maximumIDLength, bytes.first != UInt8(ascii: "."),
            !id.contains("..")
        else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
    }

    /// The file name for an alert id, `<id>.json`.
    /// - Throws: ``AlertSinkError/Code/invalidAlertID`` when the id is not ``isValidAlertID(_:)``.
    public static func fileName(forAlertID id: String) throws -> String {
        guard isValidAlertID(id) else {
            throw AlertSinkError(
                code: .invalidAlertID,
                message: "alert id \(TerminalEscaper.escape(String(id.prefix(80)))) cannot name a file "
                    + "(allowed: A-Z a-z 0-9 . _ -, no leading '.', no '..')",
                alertIDs: [TerminalEscaper.escape(String(id.prefix(80)))])
        }
        return id + fileSuffix
    }

    // MARK: Alert files

    /// Writes (or atomically replaces) the file of alert `id` with `contents`.
    public func write(_ contents: [UInt8], forAlertID id: String) throws {
        try writeFile(named: Self.fileName(forAlertID: id), contents: contents)
    }

    /// The contents of alert `id`'s file, or nil when there is none.
    public func read(alertID id: String) throws -> [UInt8]? {
        try readFile(named: Self.fileName(forAlertID: id))
    }

    /// Removes alert `id`'s file; returns false when it was already gone.
    @discardableResult
    public func remove(alertID id: String) throws -> Bool {
        try removeFile(named: Self.fileName(forAlertID: id))
    }

    /// True when alert `id` has a file here.
    public func contains(alertID id: String) -> Bool {
        guard let name = try? Self.fileName(forAlertID: id) else { return false }
        var info = stat()
        return fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// The alert files, oldest first. Only regular files named `<valid id>.json` are listed: symbolic
    /// links, directories, temporary files and other names are skipped (and never read).
    public func entries() throws -> [Entry] {
        var result: [Entry] = []
        for name in try fileNames() {
            guard name.hasSuffix(Self.fileSuffix) else { continue }
            let id = String(name.dropLast(Self.fileSuffix.count))
            guard Self.isValidAlertID(id) else { continue }
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG
            else { continue }
            var entry = Entry(id: id, fileName: name, modified: Int64(Self.modificationSeconds(info)))
            entry.modifiedNanoseconds = Self.modificationNanoseconds(info)
            result.append(entry)
        }
        return result.sorted {
            ($0.modified, $0.modifiedNanoseconds, $0.fileName) < ($1.modified, $1.modifiedNanoseconds, $1.fileName)
        }
    }

    // MARK: Named files

    /// Atomically writes `contents` to `name` in this directory (temporary file, fsync, rename, fsync
    /// of the directory), mode 0600. `name` must be a valid id-like name (see ``isValidAlertID(_:)``).
    public func writeFile(named name: String, contents: [UInt8]) throws {
        _ = try Self.fileName(forAlertID: name)  // validates the name
        let (fd, temporary) = try createTemporaryFile(for: name)
        var renamed = false
        defer {
            if !renamed { unlinkat(descriptor, temporary, 0) }
        }
        do {
            try Self.writeAll(fd, contents, path: pathOf(name))
            if fsync(fd) != 0 { throw AlertSinkError.system("fsync", path: pathOf(name), errno: errno) }
        } catch {
            close(fd)
            throw error
        }
        if close(fd) != 0 { throw AlertSinkError.system("close", path: pathOf(name), errno: errno) }
        if renameat(descriptor, temporary, descriptor, name) != 0 {
            throw AlertSinkError.system("rename", path: pathOf(name), errno: errno)
        }
        renamed = true
        // Make the rename itself durable. Some file systems refuse fsync on a directory (EINVAL).
        if fsync(descriptor) != 0, errno != EINVAL {
            throw AlertSinkError.system("fsync directory", path: path, errno: errno)
        }
    }

    /// The contents of `name`, or nil when it does not exist. Refuses symbolic links (ELOOP) and
    /// anything that is not a regular file (a FIFO planted here cannot block the reader).
    public func readFile(named name: String, maximumBytes: Int = defaultMaximumReadBytes) throws -> [UInt8]? {
        let fd = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP {
                throw AlertSinkError(
                    code: .unsafePath, message: "is a symbolic link; not reading it", path: pathOf(name), errno: code)
            }
            throw AlertSinkError.system("open", path: pathOf(name), errno: code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw AlertSinkError.system("fstat", path: pathOf(name), errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw AlertSinkError(code: .unsafePath, message: "is not a regular file", path: pathOf(name))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress!, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw AlertSinkError.system("read", path: pathOf(name), errno: errno)
            }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maximumBytes {
                throw AlertSinkError(
                    code: .io, message: "larger than \(maximumBytes) bytes; not reading it", path: pathOf(name))
            }
        }
        return bytes
    }

    /// Removes `name` (never following a link: a symlink is removed, not its target); returns false
    /// when it did not exist.
    @discardableResult
    public func removeFile(named name: String) throws -> Bool {
        if unlinkat(descriptor, name, 0) == 0 { return true }
        let code = errno
        if code == ENOENT { return false }
        throw AlertSinkError.system("remove", path: pathOf(name), errno: code)
    }

    /// Removes temporary files left by a crashed writer that are older than `age` seconds.
    /// - Returns: how many were removed.
    @discardableResult
    public func removeStaleTemporaryFiles(olderThan age: Int64 = 600) throws -> Int {
        let now = Int64(time(nil))
        var removed = 0
        for name in try fileNames() where name.hasPrefix(".") && name.contains(".tmp-") {
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0,
                now - Int64(Self.modificationSeconds(info)) > age
            else { continue }
            if unlinkat(descriptor, name, 0) == 0 { removed += 1 }
        }
        return removed
    }

    // MARK: Internals

    /// `path/name`, for messages.
    public func pathOf(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    private func createTemporaryFile(for name: String) throws -> (Int32, String) {
        for _ in 0..<16 {
            let n = temporaryCounter.withLock { counter -> UInt64 in
                counter &+= 1
                return counter
            }
            let temporary = ".\(name).tmp-\(getpid())-\(n)-\(UInt32.random(in: 0...UInt32.max))"
            let fd = openat(
                descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
            if fd >= 0 {
                // The umask can only remove bits; make the mode exactly 0600 whatever it is.
                _ = fchmod(fd, mode_t(0o600))
                return (fd, temporary)
            }
            let code = errno
            if code != EEXIST { throw AlertSinkError.system("create", path: pathOf(temporary), errno: code) }
        }
        throw AlertSinkError(code: .io, message: "could not create a unique temporary file", path: path)
    }

    private func fileNames() throws -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0 else { throw AlertSinkError.system("dup", path: path, errno: errno) }
        guard let dir = fdopendir(copy) else {
            let code = errno
            close(copy)
            throw AlertSinkError.system("opendir", path: path, errno: code)
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw AlertSinkError.system("write", path: path, errno: errno)
            }
            offset += n
        }
    }

    private static func createDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            if mkdir(prefix, mode_t(0o700)) != 0, errno != EEXIST {
                throw AlertSinkError.system("create directory", path: prefix, errno: errno)
            }
            prefix += "/"
        }
    }

    private static func modificationSeconds(_ info: stat) -> Int {
        #if canImport(Darwin)
            Int(info.st_mtimespec.tv_sec)
        #else
            Int(info.st_mtim.tv_sec)
        #endif
    }

    private static func modificationNanoseconds(_ info: stat) -> Int {
        #if canImport(Darwin)
            Int(info.st_mtimespec.tv_nsec)
        #else
            Int(info.st_mtim.tv_nsec)
        #endif
    }
}

/// `write(2)`, under a name that the ``SpoolDirectory/write(_:forAlertID:)`` method does not shadow.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// `read(2)`, under a name that the ``SpoolDirectory/read(alertID:)`` method does not shadow.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
