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

/// A decoder library could not start (it could not allocate its state).
struct InflateInitFailure: Error {
    var reason: String
}
