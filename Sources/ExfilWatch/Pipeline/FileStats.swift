/// What was read from one input: the per-file part of the scan summary.
public struct FileStats: Sendable {
    public var path: String
    /// Detected or forced format name; nil when it could not be detected.
    public var format: String?
    public var compressed = false
    /// The file's stored size in bytes (nil for stdin and pipes).
    public var storedBytes: Int64?
    /// Stored bytes consumed (compressed bytes for gzip).
    public var storedBytesRead: Int64 = 0
    /// Decoded (uncompressed) bytes framed into lines.
    public var decodedBytes: Int64 = 0
    public var lines: Int64 = 0
    public var events: Int64 = 0
    public var malformed: Int64 = 0
    /// Lines skipped for exceeding the line length limit.
    public var overlongLines: Int64 = 0
    /// Why reading stopped early, if it did.
    public var error: IngestError?

    public init(path: String) {
        self.path = path
    }
}
