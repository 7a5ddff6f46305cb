/// An error from the synthetic log generator, naming the file or directory involved and what went wrong.
///
/// Modelled on swift-nio's `FileSystemError`: a struct rather than an enum, so new causes can be added
/// without breaking callers that switch on it.
public struct SynthError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path (file or directory) the error concerns, or the flag name for invalid configuration.
    public var path: String
    /// A human-readable reason, e.g. `"refusing to overwrite non-empty file (use --force)"`.
    public var reason: String

    /// Creates an error for `path` with `reason`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `"<path>: <reason>"`.
    public var description: String { "\(path): \(reason)" }
}
