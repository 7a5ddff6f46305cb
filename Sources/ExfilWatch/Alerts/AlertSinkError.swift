#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an alert sink could not do its job: what went wrong, where (a path or URL), and for which alerts.
///
/// A struct with a ``Code`` rather than an enum, so that new kinds of failure can be added without
/// breaking callers (the same shape as swift-nio's `FileSystemError`). Match a kind with
/// `catch AlertSinkError.outputClosed { … }` (matches on ``code`` only) or `error.code == .diskFull`.
public struct AlertSinkError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The reader of stdout went away (EPIPE): stop quietly, exit 0.
        public static let outputClosed = Code("output closed")
        /// An alert id that cannot name a file (`[A-Za-z0-9._-]`, no `..`, no leading `.`).
        public static let invalidAlertID = Code("invalid alert id")
        /// A path that is a symbolic link, not a directory, or not a regular file where one is required.
        public static let unsafePath = Code("unsafe path")
        /// Permission denied (EACCES, EPERM, EROFS).
        public static let permissionDenied = Code("permission denied")
        /// No space left on the device or quota exceeded (ENOSPC, EDQUOT).
        public static let diskFull = Code("disk full")
        /// Any other system call failure.
        public static let io = Code("I/O error")
        /// Alerts that could not be delivered and remain (or could not even be kept) in a spool.
        public static let undelivered = Code("undelivered")
        /// A configuration that cannot work (bad URL, unreadable secret, bad pattern).
        public static let configuration = Code("configuration")
        /// Several sinks failed; see ``underlying``.
        public static let multiple = Code("multiple failures")
    }

    /// The kind of failure.
    public var code: Code
    /// One sentence saying what happened, for stderr.
    public var message: String
    /// The file, directory or URL concerned, when there is one.
    public var path: String?
    /// The `errno` of the failing system call, when there is one.
    public var errno: Int32?
    /// The alerts concerned (for ``Code/undelivered``).
    public var alertIDs: [String]
    /// The individual failures (for ``Code/multiple``).
    public var underlying: [AlertSinkError]

    public init(
        code: Code, message: String, path: String? = nil, errno: Int32? = nil, alertIDs: [String] = [],
        underlying: [AlertSinkError] = []
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
        self.alertIDs = alertIDs
        self.underlying = underlying
    }

    /// The reader of stdout closed the pipe (`exfilwatch scan … | head -1`).
    public static let outputClosed = AlertSinkError(code: .outputClosed, message: "the reader of the output went away")

    /// A failed system call `operation` on `path`, classified by `errno` (ENOSPC → ``Code/diskFull``, …).
    public static func system(_ operation: String, path: String, errno code: Int32) -> AlertSinkError {
        let kind: Code
        switch code {
        case ENOSPC, EDQUOT: kind = .diskFull
        case EACCES, EPERM, EROFS: kind = .permissionDenied
        case ELOOP: kind = .unsafePath
        case EPIPE: kind = .outputClosed
        default: kind = .io
        }
        let reason = String(cString: strerror(code))
        return AlertSinkError(code: kind, message: "\(operation) failed: \(reason)", path: path, errno: code)
    }

    /// Combines failures: none gives nil, one gives itself, more give a ``Code/multiple`` error.
    public static func combining(_ errors: [AlertSinkError]) -> AlertSinkError? {
        let flat = errors.flatMap { $0.code == .multiple ? $0.underlying : [$0] }
        switch flat.count {
        case 0: return nil
        case 1: return flat[0]
        default:
            return AlertSinkError(
                code: .multiple, message: "\(flat.count) alert sinks failed", alertIDs: flat.flatMap(\.alertIDs),
                underlying: flat)
        }
    }

    public var description: String {
        if code == .multiple {
            // One line, so that stderr messages can escape every line break (see the CLI's messages).
            var parts = underlying.prefix(10).map(\.description)
            if underlying.count > 10 { parts.append("… and \(underlying.count - 10) more") }
            return message + ": " + parts.joined(separator: "; ")
        }
        var text = message
        if let path { text = "\(path): \(text)" }
        if !alertIDs.isEmpty {
            let shown = alertIDs.prefix(10).joined(separator: ", ")
            text += " (alerts: \(shown)\(alertIDs.count > 10 ? ", … \(alertIDs.count - 10) more" : ""))"
        }
        return text
    }

    /// Matches an error against a kind: `catch AlertSinkError.outputClosed` matches any
    /// ``AlertSinkError`` whose ``code`` is ``Code/outputClosed``.
    public static func ~= (pattern: AlertSinkError, value: any Error) -> Bool {
        (value as? AlertSinkError)?.code == pattern.code
    }
}
