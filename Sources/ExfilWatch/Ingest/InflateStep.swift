/// One call's worth of progress of a ``GzipMemberDecoder``.
struct InflateStep {
    enum Outcome: Equatable {
        /// More input or more output space is needed; the member has not ended.
        case progress
        /// The member's trailer was read and its checksum matched; call `reset()` before the next member.
        case memberEnd
        /// The data is not valid gzip; the text is the library's reason.
        case corrupt(String)
    }

    /// Compressed bytes taken from the input.
    var consumed: Int
    /// Decoded bytes written to the output.
    var produced: Int
    var outcome: Outcome
}
