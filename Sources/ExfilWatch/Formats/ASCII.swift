#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Named byte constants for the parsers (no magic numbers in scanning code).
@usableFromInline
enum ASCII {
    @usableFromInline static let space = UInt8(ascii: " ")
    @usableFromInline static let tab = UInt8(ascii: "\t")
    @usableFromInline static let quote = UInt8(ascii: "\"")
    @usableFromInline static let backslash = UInt8(ascii: "\\")
    @usableFromInline static let slash = UInt8(ascii: "/")
    @usableFromInline static let question = UInt8(ascii: "?")
    @usableFromInline static let dash = UInt8(ascii: "-")
    @usableFromInline static let plus = UInt8(ascii: "+")
    @usableFromInline static let colon = UInt8(ascii: ":")
    @usableFromInline static let comma = UInt8(ascii: ",")
    @usableFromInline static let dot = UInt8(ascii: ".")
    @usableFromInline static let openBracket = UInt8(ascii: "[")
    @usableFromInline static let closeBracket = UInt8(ascii: "]")
    @usableFromInline static let openBrace = UInt8(ascii: "{")
    @usableFromInline static let closeBrace = UInt8(ascii: "}")
    @usableFromInline static let zero = UInt8(ascii: "0")
    @usableFromInline static let nine = UInt8(ascii: "9")
    @usableFromInline static let atSign = UInt8(ascii: "@")

    @inlinable static func isDigit(_ c: UInt8) -> Bool { c &- zero < 10 }

    /// True when the `n` bytes at `a` and `b` are equal: 8 or 4 bytes per compare, overlapping at the end.
    @inlinable @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        if n >= 8 {
            var i = 0
            while i + 8 <= n {
                let x = a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if x != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i += 8
            }
            return i == n
                || a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        var i = 0
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }
}

extension UnsafeRawBufferPointer {
    /// True when the bytes in `range` equal `literal` (ASCII, compared byte for byte).
    @inlinable @inline(__always)
    func matches(_ range: ByteRange, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard range.count == n else { return false }
        return n == 0 || ASCII.equal(baseAddress! + Int(range.start), literal.utf8Start, n)
    }

    /// True when `literal` occurs at byte offset `at`.
    @inlinable @inline(__always)
    func matches(at: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard at >= 0, at + n <= count else { return false }
        return n == 0 || ASCII.equal(baseAddress! + at, literal.utf8Start, n)
    }

    /// Offset of the first occurrence of `literal` in `lower..<upper`, or nil. `memchr` finds
    /// candidates for the first byte; each is then compared whole.
    @inlinable
    func find(_ literal: StaticString, from lower: Int, to upper: Int) -> Int? {
        let n = literal.utf8CodeUnitCount
        guard n > 0, upper - lower >= n, let base = baseAddress else { return nil }
        let first = Int32(literal.utf8Start[0])
        var i = lower
        let last = upper - n
        while i <= last {
            guard let hit = memchr(base + i, first, last - i + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if ASCII.equal(base + at, literal.utf8Start, n) { return at }
            i = at + 1
        }
        return nil
    }

    /// Offset of the first `byte` in `lower..<upper`, or nil (`memchr`).
    @inlinable @inline(__always)
    func index(of byte: UInt8, from lower: Int, to upper: Int) -> Int? {
        guard lower < upper, let base = baseAddress, let hit = memchr(base + lower, Int32(byte), upper - lower) else {
            return nil
        }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// Reads the field from `start` up to the first space (or `end`) and parses it as ``parseInt(_:)``
    /// would: the field's end and its value, nil when empty, not all digits or over 18 digits. One pass
    /// where finding the space and then parsing took two.
    ///
    /// A field of at most 7 bytes followed by a space within the line (a status, most byte counts) is
    /// read as one 8-byte word: the space, the all-digits test and the value come from word arithmetic
    /// (``eightDigitsValue(_:)``), with no branch per byte to mispredict as field lengths vary.
    @inlinable @inline(__always)
    func digitsToSpace(from start: Int, to end: Int) -> (end: Int, value: Int64?) {
        if start + 8 <= end, let base = baseAddress {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let x = w ^ (ones &* UInt64(ASCII.space))
            // The lowest flagged byte is the first space (bytes above it may be flagged by the borrow).
            let spaces = (x &- ones) & ~x & highs
            if spaces != 0 {
                let length = spaces.trailingZeroBitCount >> 3
                guard length > 0 else { return (start, nil) }
                let field: UInt64 = (1 << (UInt64(length) << 3)) &- 1
                // A byte is a digit when it is ASCII, at least "0" (+0x50 sets its high bit) and below
                // ":" (+0x46 leaves it clear); no byte carries into the next, all being below 0x80.
                let ascii = w & highs & field
                let ascii7 = w & ~highs
                let notDigit =
                    (ascii | ((ascii7 &+ ones &* 0x46) & highs) | (~(ascii7 &+ ones &* 0x50) & highs)) & field
                guard notDigit == 0 else { return (start + length, nil) }
                let digits = (w & field & (ones &* 0x0F)) << (UInt64(8 - length) << 3)
                return (start + length, Int64(Self.eightDigitsValue(digits)))
            }
        }
        var i = start
        var v: Int64 = 0
        var digits = true
        while i < end {
            let b = self[i]
            if b == ASCII.space { break }
            let d = b &- ASCII.zero
            if d < 10 { v = v &* 10 &+ Int64(d) } else { digits = false }  // wraps only past 18 digits
            i &+= 1
        }
        return (i, digits && i > start && i - start <= 18 ? v : nil)
    }

    /// The number written by eight digit values (0…9), one per byte, the first (most significant) in
    /// the lowest byte: pairs, then fours, then all eight, each step one multiply (as in simdjson).
    @inlinable @inline(__always)
    static func eightDigitsValue(_ digits: UInt64) -> UInt64 {
        var v = digits
        v = (v &* (10 << 8 + 1)) >> 8
        v = ((v & 0x00FF_00FF_00FF_00FF) &* (100 << 16 + 1)) >> 16
        return ((v & 0x0000_FFFF_0000_FFFF) &* (10_000 << 32 + 1)) >> 32
    }

    /// Parses unsigned decimal digits in `range`; nil when empty, non-digit or overflowing.
    @inlinable
    func parseInt(_ range: ByteRange) -> Int64? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var v: Int64 = 0
        var i = Int(range.start)
        let end = Int(range.end)
        while i < end {
            let d = self[i] &- ASCII.zero
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int64(d)  // at most 18 digits: cannot overflow
            i &+= 1
        }
        return v
    }
}
