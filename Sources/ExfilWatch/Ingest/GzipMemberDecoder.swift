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

/// Decodes the gzip members of one input one at a time: the part of ``DecodedInput`` that differs
/// between zlib and ISA-L. ``DecodedInput`` owns the input buffer, multi-member handling, padding
/// and error reporting; a decoder only turns compressed bytes into decoded bytes.
///
/// A decoder may keep decoded bytes it could not yet write (ISA-L does); it hands them out when
/// called again, also with empty input.
protocol GzipMemberDecoder: AnyObject {
    /// Decodes from `input` into `output`, starting (or continuing) the current member.
    /// - Returns: the bytes consumed and produced, and whether the member ended or is corrupt.
    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateStep

    /// Prepares for the next member after ``InflateStep/Outcome/memberEnd``.
    func reset()
}
