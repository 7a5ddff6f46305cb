/// Where reading of one followed file stands, as saved in a `tail` checkpoint: which file (identity
/// and fingerprint, not just its name), the offset of the first line not yet counted, and how many
/// lines came before it.
public struct FilePosition: Sendable, Equatable {
    /// The path the file was last seen at.
    public var path: String
    public var identity: FileIdentity
    public var fingerprint: FileFingerprint
    /// Offset of the first byte not yet counted (the start of a line), bytes.
    public var offset: Int64
    /// Lines before ``offset``.
    public var lineNumber: Int64
    /// The log format detected for the file, if any (`combined`, `github-audit`).
    public var format: String?

    public init(
        path: String, identity: FileIdentity, fingerprint: FileFingerprint, offset: Int64, lineNumber: Int64,
        format: String?
    ) {
        self.path = path
        self.identity = identity
        self.fingerprint = fingerprint
        self.offset = offset
        self.lineNumber = lineNumber
        self.format = format
    }
}
