/// Reads what ``StateWriter`` wrote, bounds-checked: a short or corrupt blob throws
/// ``StateDecodingError`` with the byte offset instead of trapping.
public struct StateReader {
    public let bytes: [UInt8]
    /// Offset of the next byte to read.
    public private(set) var offset: Int
    /// Offset where reading must stop.
    public let end: Int

    public init(_ bytes: [UInt8]) {
        self.init(bytes, from: 0, to: bytes.count)
    }

    /// A reader of `bytes[from..<to]` that reports offsets in the whole of `bytes`.
    public init(_ bytes: [UInt8], from: Int, to: Int) {
        precondition(0 <= from && from <= to && to <= bytes.count, "state range out of bounds")
        self.bytes = bytes
        offset = from
        end = to
    }

    /// Bytes not read yet.
    public var remaining: Int { end - offset }

    public mutating func u8() throws(StateDecodingError) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func bool() throws(StateDecodingError) -> Bool {
        let v = try u8()
        guard v <= 1 else { throw StateDecodingError(offset: offset - 1, reason: "invalid boolean \(v)") }
        return v == 1
    }

    public mutating func u32() throws(StateDecodingError) -> UInt32 {
        try need(4)
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    public mutating func u64() throws(StateDecodingError) -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    public mutating func i32() throws(StateDecodingError) -> Int32 { Int32(bitPattern: try u32()) }

    public mutating func i64() throws(StateDecodingError) -> Int64 { Int64(bitPattern: try u64()) }

    public mutating func f64() throws(StateDecodingError) -> Double { Double(bitPattern: try u64()) }

    /// A count written by ``StateWriter/count(_:)``; rejected when larger than the bytes left could
    /// hold at `minimumElementSize` bytes per element (a corrupt length cannot make us allocate).
    /// With `minimumElementSize` 0 (a plain number, not a length) the limit is `UInt32.max`.
    public mutating func count(minimumElementSize: Int = 1) throws(StateDecodingError) -> Int {
        let at = offset
        let v = try u64()
        let limit = minimumElementSize == 0 ? UInt64(UInt32.max) : UInt64(remaining / minimumElementSize)
        guard v <= limit else {
            throw StateDecodingError(offset: at, reason: "length \(v) exceeds the \(remaining) bytes left")
        }
        return Int(v)
    }

    public mutating func blob() throws(StateDecodingError) -> ArraySlice<UInt8> {
        let n = try count()
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    /// An array written by ``StateWriter/pod(_:)``.
    public mutating func pod<T: BitwiseCopyable>(_ type: T.Type) throws(StateDecodingError) -> [T] {
        let stride = MemoryLayout<T>.stride
        let n = try count(minimumElementSize: max(stride, 1))
        let start = offset
        offset += n * stride
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + n * stride)]))
            }
            initialized = n
        }
    }

    public mutating func string() throws(StateDecodingError) -> String {
        String(decoding: try blob(), as: UTF8.self)
    }

    /// Checks that the next bytes equal `magic` and consumes them.
    public mutating func expect(magic: [UInt8], what: String) throws(StateDecodingError) {
        guard remaining >= magic.count, bytes[offset..<offset + magic.count].elementsEqual(magic) else {
            throw StateDecodingError(offset: offset, reason: "not \(what) (bad magic)")
        }
        offset += magic.count
    }

    private func need(_ n: Int) throws(StateDecodingError) {
        guard remaining >= n else {
            throw StateDecodingError(
                offset: offset, reason: "unexpected end of state (need \(n) bytes, \(remaining) left)")
        }
    }
}

/// Saved state that cannot be read back: where in the blob and why.
public struct StateDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the state blob where decoding failed.
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "at byte \(offset): \(reason)" }
}
