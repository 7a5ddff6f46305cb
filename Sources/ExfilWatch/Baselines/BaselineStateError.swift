/// Baseline state that cannot be loaded: not a state file, a newer format, damaged bytes, or a state
/// written for a model with other scales. The message says what to do (`--fresh-state` discards it).
public struct BaselineStateError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong with the state.
    public enum Kind: Equatable, Sendable {
        /// The bytes do not start with the state's magic.
        case notAState
        /// Written by a newer exfilwatch.
        case newerVersion(found: Int, supported: Int)
        /// Truncated, checksum mismatch, or inconsistent content.
        case corrupt
        /// Written for a model whose scales, lateness, novelty or sketch settings differ.
        case incompatibleModel
    }

    public var kind: Kind
    public var detail: String
    /// Byte offset in the detector's state where the damage was found, when known.
    public var offset: Int?

    public init(kind: Kind, detail: String, offset: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch kind {
        case .notAState: what = "is not an exfilwatch baseline state"
        case .newerVersion(let found, let supported):
            what = "has format version \(found), newer than this build reads (\(supported)); upgrade exfilwatch"
        case .corrupt: what = "is damaged"
        case .incompatibleModel: what = "was written for a different model or settings"
        }
        let at = offset.map { " at byte \($0)" } ?? ""
        return "baseline state \(what)\(at) (\(detail)); start over with --fresh-state to discard it"
    }
}
