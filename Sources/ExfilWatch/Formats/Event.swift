/// A half-open range of byte offsets inside one line buffer.
public struct ByteRange: Sendable, Equatable {
    public var start: Int32
    public var end: Int32

    public static let empty = ByteRange(start: 0, end: 0)

    @inlinable public init(start: Int, end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    @inlinable public var isEmpty: Bool { end <= start }
    @inlinable public var count: Int { Int(end - start) }
}

/// One parsed log record. Text fields are ranges into the line the parser was given, so parsing
/// allocates nothing; ``string(_:in:)`` makes a `String` when output needs one.
public struct Event: Sendable, Equatable {
    /// Event time, seconds since the Unix epoch (UTC).
    public var time: Int64 = 0
    public var action: ActionClass = .other
    /// Rewrites of the text fields still to be made in the line (JSON escapes, a repository path to
    /// normalise). Parsers never write to the line, so whoever owns its buffer calls
    /// ``applyRewrites(in:)`` before reading the fields.
    public var rewrites: Rewrites = []
    /// The authenticated user; empty when anonymous (`-`, `""`).
    public var user: ByteRange = .empty
    /// The client address (IPv4 or IPv6 text); empty when absent.
    public var client: ByteRange = .empty
    /// The repository (`org/repo`, `.git` stripped) or project id; empty when none.
    public var resource: ByteRange = .empty
    public var userAgent: ByteRange = .empty
    /// A token identifier (GitHub `hashed_token`); empty when the format has none.
    public var token: ByteRange = .empty
    /// Response bytes sent to the client; 0 when absent.
    public var bytes: Int64 = 0
    /// HTTP status; 0 when the format has none.
    public var status: Int32 = 0

    public init() {}

    /// Event times a parser accepts, seconds since the epoch: 1970-01-01 up to (not including)
    /// 2200-01-01 UTC. A line dated outside is malformed: the windowing keeps minutes in `Int32` with
    /// room for window arithmetic, and a year-9999 stamp from a hostile line must not reach it.
    public static let plausibleTimes: Range<Int64> = 0..<7_258_118_400

    /// The text of `range` in `line`, decoded as UTF-8 (invalid bytes become U+FFFD).
    public static func string(_ range: ByteRange, in line: UnsafeRawBufferPointer) -> String {
        guard !range.isEmpty else { return "" }
        return String(
            decoding: UnsafeRawBufferPointer(rebasing: line[Int(range.start)..<Int(range.end)]), as: UTF8.self)
    }
}
