#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock(2)` on `DIR/lock`, held while this value lives: two `tail --state DIR` at once
/// (the service and a run by hand) would both deliver every alert and overwrite each other's
/// checkpoints. The kernel drops the lock when the process dies, so a crash never leaves it stale.
/// The file (0600, not followed if a symbolic link) holds the owner's process id for the message.
public final class DirectoryLock {
    public let path: String
    private let fd: Int32

    /// - Throws: ``AtomicFileError`` naming the lock file, with the holder's process id when another
    ///   process holds it.
    public init(directory: String) throws(AtomicFileError) {
        path = AtomicFile.trimmed(directory) + "/lock"
        let d = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard d >= 0 else { throw AtomicFileError(path: path, operation: "open") }
        guard flock(d, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(d, &buffer, buffer.count, 0)
            close(d)
            guard code == EWOULDBLOCK else {
                errno = code
                throw AtomicFileError(path: path, operation: "lock")
            }
            let pid = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).filter(\.isNumber) : ""
            throw AtomicFileError(
                path: path, operation: "lock",
                reason: "held by another exfilwatch" + (pid.isEmpty ? "" : " (pid \(pid))")
                    + " using this state directory")
        }
        fd = d
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
