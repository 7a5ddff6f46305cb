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
    @inlinable @inline(__always)
    func digitsToSpace(from start: Int, to end: Int) -> (end: Int, value: Int64?) {
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
