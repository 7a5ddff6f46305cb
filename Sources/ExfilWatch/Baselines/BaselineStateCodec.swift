/// Little-endian writer of the state format.
struct BaselineStateWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func int(_ v: Int) { i64(Int64(v)) }

    /// An array of plain values as its raw little-endian memory (this format is little-endian only).
    mutating func pod<T: BitwiseCopyable>(_ a: [T]) {
        u64(UInt64(a.count))
        a.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) { pod(Array(s.utf8)) }
}

/// Bounds-checked reader of the state format; every failure is a ``BaselineStateError``.
struct BaselineStateReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from: Int, to: Int) {
        self.bytes = bytes
        offset = from
        end = to
    }

    private mutating func take(_ n: Int, _ what: String) throws -> Int {
        guard n >= 0, end - offset >= n else {
            throw BaselineStateError(kind: .corrupt, detail: "truncated while reading \(what) at byte \(offset)")
        }
        defer { offset += n }
        return offset
    }

    mutating func u8(_ what: String) throws -> UInt8 { bytes[try take(1, what)] }

    mutating func u32(_ what: String) throws -> UInt32 {
        let o = try take(4, what)
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[o + i]) << (8 * i) }
        return v
    }

    mutating func u64(_ what: String) throws -> UInt64 {
        let o = try take(8, what)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[o + i]) << (8 * UInt64(i)) }
        return v
    }

    mutating func i32(_ what: String) throws -> Int32 { Int32(bitPattern: try u32(what)) }
    mutating func i64(_ what: String) throws -> Int64 { Int64(bitPattern: try u64(what)) }
    mutating func f64(_ what: String) throws -> Double { Double(bitPattern: try u64(what)) }

    mutating func int(_ what: String, max: Int = Int(Int32.max)) throws -> Int {
        let v = try i64(what)
        guard v >= 0, v <= Int64(max) else {
            throw BaselineStateError(kind: .corrupt, detail: "\(what) out of range (\(v))")
        }
        return Int(v)
    }

    mutating func pod<T: BitwiseCopyable>(_ type: T.Type, _ what: String, count expected: Int? = nil) throws -> [T] {
        let n = try u64(what)
        let stride = MemoryLayout<T>.stride
        guard n <= UInt64((end - offset) / max(stride, 1)) else {
            throw BaselineStateError(kind: .corrupt, detail: "\(what): \(n) elements do not fit the remaining bytes")
        }
        if let expected, Int(n) != expected {
            throw BaselineStateError(kind: .corrupt, detail: "\(what) has \(n) elements, expected \(expected)")
        }
        let o = try take(Int(n) * stride, what)
        return [T](unsafeUninitializedCapacity: Int(n)) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[o..<(o + Int(n) * stride)]))
            }
            initialized = Int(n)
        }
    }

    mutating func string(_ what: String) throws -> String {
        String(decoding: try pod(UInt8.self, what), as: UTF8.self)
    }
}
