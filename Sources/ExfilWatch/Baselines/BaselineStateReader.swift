/// ``StateReader`` for the baseline detector's state: every failure becomes a ``BaselineStateError``
/// that names the field being read, and counts are range-checked.
struct BaselineStateReader {
    private var reader: StateReader

    init(_ bytes: [UInt8], from: Int, to: Int) {
        reader = StateReader(bytes, from: from, to: to)
    }

    /// Offset of the next byte to read, in the whole state.
    var offset: Int { reader.offset }

    private mutating func read<T>(_ what: String, _ body: (inout StateReader) throws -> T) throws -> T {
        do { return try body(&reader) } catch let error as StateDecodingError {
            throw BaselineStateError(kind: .corrupt, detail: "\(what): \(error.reason)", offset: error.offset)
        }
    }

    mutating func u8(_ what: String) throws -> UInt8 { try read(what) { try $0.u8() } }
    mutating func u32(_ what: String) throws -> UInt32 { try read(what) { try $0.u32() } }
    mutating func u64(_ what: String) throws -> UInt64 { try read(what) { try $0.u64() } }
    mutating func i32(_ what: String) throws -> Int32 { try read(what) { try $0.i32() } }
    mutating func i64(_ what: String) throws -> Int64 { try read(what) { try $0.i64() } }
    mutating func f64(_ what: String) throws -> Double { try read(what) { try $0.f64() } }

    /// A non-negative count written by ``StateWriter/count(_:)``, at most `max`.
    mutating func int(_ what: String, max: Int = Int(Int32.max)) throws -> Int {
        let at = reader.offset
        let v = try i64(what)
        guard v >= 0, v <= Int64(max) else {
            throw BaselineStateError(kind: .corrupt, detail: "\(what) out of range (\(v))", offset: at)
        }
        return Int(v)
    }

    /// An array written by ``StateWriter/pod(_:)``, with `expected` elements when given.
    mutating func pod<T: BitwiseCopyable>(_ type: T.Type, _ what: String, count expected: Int? = nil) throws -> [T] {
        let at = reader.offset
        let a = try read(what) { try $0.pod(type) }
        if let expected, a.count != expected {
            throw BaselineStateError(
                kind: .corrupt, detail: "\(what) has \(a.count) elements, expected \(expected)", offset: at)
        }
        return a
    }
}
