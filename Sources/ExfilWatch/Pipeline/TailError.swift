/// Why `tail` could not start or had to stop: which file, where, and why.
public struct TailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a word for messages and logs.
    public enum Kind: String, Sendable {
        /// A checkpoint or state file exists but cannot be used (corrupt, newer version, written
        /// for another detector or actor key).
        case unusableState
        /// A checkpoint or the metrics file could not be written.
        case writeFailed
        /// An alert could not be delivered (the sink failed); the last checkpoint stays before it.
        case deliveryFailed
        /// The command line named something `tail` cannot follow.
        case badInput
        /// `--load-state` names a directory without a saved engine state.
        case noState
        /// The state directory cannot be opened or is refused (a symbolic link); discarding the
        /// state would not help.
        case unusableDirectory
    }

    public var kind: Kind
    /// The file concerned (checkpoint, state file, input, or the sink's name).
    public var path: String
    /// Byte offset in that file where the problem was found, when known.
    public var offset: Int64?
    public var reason: String

    public init(kind: Kind, path: String, offset: Int64? = nil, reason: String) {
        self.kind = kind
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    /// A failed read of the state file at `path`: `.unusableDirectory` when the directory itself was
    /// refused, otherwise `.unusableState`.
    init(reading error: AtomicFileError, path: String) {
        if error.operation == AtomicFileError.openDirectory {
            self.init(kind: .unusableDirectory, path: error.path, reason: "\(error.operation) failed: \(error.reason)")
        } else {
            self.init(kind: .unusableState, path: path, reason: "\(error.operation) failed: \(error.reason)")
        }
    }

    public var description: String {
        let at = offset.map { " at byte \($0)" } ?? ""
        switch kind {
        case .unusableState:
            return
                "\(path)\(at): \(reason); start with --fresh-state to discard it (positions and learned state are lost)"
        case .writeFailed: return "\(path): cannot write: \(reason)"
        case .deliveryFailed: return "\(path): alert delivery failed: \(reason)"
        case .badInput: return "\(path): \(reason)"
        case .noState: return "\(path): \(reason)"
        case .unusableDirectory: return "\(path): \(reason)"
        }
    }
}
