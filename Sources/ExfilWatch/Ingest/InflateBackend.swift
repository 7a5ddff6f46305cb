/// The library that inflates gzip input.
///
/// zlib is always built. ISA-L's igzip (about 4× faster here) is built when the package is built
/// with its `ISAL` trait (`swift build --traits ISAL`, needs `libisal-dev`); it is then the default.
/// Both give the same bytes and the same errors.
public enum InflateBackend: String, Sendable, CaseIterable {
    /// zlib's `inflate`.
    case zlib
    #if ISAL
        /// Intel ISA-L's `isal_inflate` (igzip).
        case isal
    #endif

    /// The backend ``DecodedInput`` uses unless told otherwise: ISA-L when built in, else zlib.
    public static var preferred: InflateBackend {
        #if ISAL
            .isal
        #else
            .zlib
        #endif
    }

    func makeDecoder() throws(InflateInitFailure) -> any GzipMemberDecoder {
        switch self {
        case .zlib: try ZlibInflater()
        #if ISAL
            case .isal: IsalInflater()
        #endif
        }
    }
}
