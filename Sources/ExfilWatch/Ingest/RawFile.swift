#if canImport(Glibc)
    import Glibc
    /// The C library's `read`, named apart from this file's own `read` methods.
    private let systemRead = Glibc.read
#elseif canImport(Musl)
    import Musl
    private let systemRead = Musl.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// An open file descriptor read in large chunks; `-` is standard input.
///
/// Owns the descriptor and closes it on deinit (stdin is never closed).
public final class RawFile {
    public let path: String
    let fd: Int32
    private let ownsDescriptor: Bool
    /// Bytes read from the descriptor so far (the stored, possibly compressed, size).
    public private(set) var bytesRead: Int64 = 0
    /// The file's size in bytes when opened, or nil for pipes and stdin.
    public let size: Int64?

    /// Opens `path` read-only; `-` means standard input.
    /// - Throws: ``IngestError`` of kind `.unreadable` naming the path.
    public init(path: String) throws(IngestError) {
        self.path = path
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            let d = open(path, O_RDONLY | O_CLOEXEC)
            guard d >= 0 else {
                throw IngestError(kind: .unreadable, path: path, offset: 0, reason: RawFile.errnoText())
            }
            fd = d
            ownsDescriptor = true
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
            size = Int64(st.st_size)
        } else if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            if ownsDescriptor { close(fd) }
            throw IngestError(kind: .unreadable, path: path, offset: 0, reason: "is a directory")
        } else {
            size = nil
        }
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Reads up to `buffer.count` bytes. Returns 0 at end of file.
    /// - Throws: ``IngestError`` `.unreadable` with the offset reached.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        while true {
            let n = systemRead(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                bytesRead += Int64(n)
                return n
            }
            if errno == EINTR { continue }
            throw IngestError(kind: .unreadable, path: path, offset: bytesRead, reason: RawFile.errnoText())
        }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
