/// An append-only byte buffer with the few formatting helpers a log line needs (decimal numbers,
/// zero-padded fields, hex), without `String` interpolation on the hot path.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    /// Empties the buffer, keeping its capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func append(_ b: UInt8) {
        bytes.append(b)
    }

    public mutating func append(_ s: [UInt8]) {
        bytes.append(contentsOf: s)
    }

    public mutating func append(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// `v` in decimal (`v` ≥ 0).
    public mutating func decimal(_ v: Int) {
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(truncatingIfNeeded: x % 10) + 0x30
                x /= 10
                n += 1
            } while x > 0
            while n > 0 {
                n -= 1
                bytes.append(d[n])
            }
        }
    }

    /// `v` in decimal, left-padded with zeros to `width` digits.
    public mutating func padded(_ v: Int, width: Int) {
        var p = 1
        for _ in 1..<width { p *= 10 }
        var x = v
        while p > 0 {
            bytes.append(UInt8(truncatingIfNeeded: (x / p) % 10) + 0x30)
            x %= p
            p /= 10
        }
    }

    /// `count` lowercase hex digits of `v`.
    public mutating func hex(_ v: UInt64, count: Int) {
        let table: StaticString = "0123456789abcdef"
        var shift = (count - 1) * 4
        while shift >= 0 {
            bytes.append(table.utf8Start[Int((v >> UInt64(shift & 63)) & 0xF)])
            shift -= 4
        }
    }
}
