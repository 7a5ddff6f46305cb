/// A failure to read an input: which file, where (compressed byte offset or line), and why.
///
/// Reading stops for that file only; whatever was read before the failure still counts.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a word for the summary and messages.
    public enum Kind: String, Sendable {
        /// The file could not be opened or read (permissions, missing, I/O error).
        case unreadable
        /// The gzip stream is corrupt (bad header, bad data, bad checksum).
        case corruptGzip
        /// The gzip stream ends before its trailer.
        case truncatedGzip
    }

    public var kind: Kind
    /// The path as given by the user (`-` for stdin).
    public var path: String
    /// Byte offset in the file as stored (compressed bytes for gzip) where the problem was seen.
    public var offset: Int64
    /// Human-readable detail (zlib message, errno text).
    public var reason: String

    public init(kind: Kind, path: String, offset: Int64, reason: String) {
        self.kind = kind
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        switch kind {
        case .unreadable: "\(path): cannot read: \(reason)"
        case .corruptGzip: "\(path): corrupt gzip data at compressed byte offset \(offset): \(reason)"
        case .truncatedGzip: "\(path): gzip stream truncated at compressed byte offset \(offset): \(reason)"
        }
    }
}
