/// Appends fixed-width little-endian integers and length-prefixed byte strings to a byte array: the
/// encoding of every piece of saved state (intern tables, detector state, tail checkpoints).
///
/// The format has no self-description; each state blob starts with its own magic and version, and
/// ``StateReader`` reads it back in the same order.
public struct StateWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }

    public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    public mutating func u32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }

    public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }

    /// A `Double` as its IEEE 754 bit pattern, so it round-trips exactly.
    public mutating func f64(_ v: Double) { u64(v.bitPattern) }

    /// A count or small non-negative integer.
    public mutating func count(_ v: Int) { u64(UInt64(v)) }

    /// A byte string: its length (u64), then its bytes.
    public mutating func blob<C: Collection<UInt8>>(_ v: C) {
        count(v.count)
        bytes.append(contentsOf: v)
    }

    public mutating func blob(_ v: UnsafeRawBufferPointer) {
        count(v.count)
        bytes.append(contentsOf: v)
    }

    /// A string as UTF-8 bytes with a length prefix.
    public mutating func string(_ v: String) { blob(v.utf8) }

    /// An array of plain values (fixed-width integers, floats, SIMD vectors of them): its count, then
    /// its memory as is. Little-endian machines only, like every reader of this format.
    public mutating func pod<T: BitwiseCopyable>(_ a: [T]) {
        count(a.count)
        a.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// Raw bytes with no length prefix (magic numbers).
    public mutating func raw<C: Collection<UInt8>>(_ v: C) { bytes.append(contentsOf: v) }
}
