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
}

extension UnsafeRawBufferPointer {
    /// True when the bytes in `range` equal `literal` (ASCII, compared byte for byte).
    @inlinable
    func matches(_ range: ByteRange, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        var i = 0
        let s = Int(range.start)
        while i < range.count {
            if self[s + i] != p[i] { return false }
            i += 1
        }
        return true
    }

    /// True when `literal` occurs at byte offset `at`.
    @inlinable
    func matches(at: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard at >= 0, at + n <= count else { return false }
        let p = literal.utf8Start
        for i in 0..<n where self[at + i] != p[i] { return false }
        return true
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
            if memcmp(hit, literal.utf8Start, n) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    /// Parses unsigned decimal digits in `range`; nil when empty, non-digit or overflowing.
    @inlinable
    func parseInt(_ range: ByteRange) -> Int64? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var v: Int64 = 0
        for i in Int(range.start)..<Int(range.end) {
            let c = self[i]
            guard ASCII.isDigit(c) else { return nil }
            v = v * 10 + Int64(c - ASCII.zero)
        }
        return v
    }
}
