/// Decodes the escapes of a JSON string value in place (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`,
/// `\uXXXX` with surrogate pairs), so that `jos\u00e9` and `josé` are one actor and a secret written
/// as `\u0026token=…` (Go's encoder escapes `&`, `<` and `>` by default) is seen, and redacted, as
/// `&token=…`.
///
/// Every escape decodes to fewer bytes than it takes (`\u0026`: 6 → 1, a surrogate pair: 12 → 4), so
/// the decoded text is written over the escaped text from its start. A malformed escape is kept as
/// it stands; a lone surrogate becomes U+FFFD.
enum JSONStringDecoder {
    /// Decodes `range` of `line` in place. - Returns: the range of the decoded bytes, a prefix of
    /// `range`. - Complexity: O(`range.count`), no allocation.
    static func decode(_ range: ByteRange, in line: UnsafeMutableRawBufferPointer) -> ByteRange {
        var r = Int(range.start)
        var w = r
        let end = Int(range.end)
        while r < end {
            let c = line[r]
            guard c == ASCII.backslash, r + 1 < end else {
                line[w] = c
                w += 1
                r += 1
                continue
            }
            let e = line[r + 1]
            let simple: UInt8? =
                switch e {
                case ASCII.quote, ASCII.backslash, UInt8(ascii: "/"): e
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: nil
                }
            if let simple {
                line[w] = simple
                w += 1
                r += 2
                continue
            }
            guard e == UInt8(ascii: "u"), let unit = hex4(line, at: r + 2, end: end) else {
                line[w] = c
                line[w + 1] = e
                w += 2
                r += 2
                continue
            }
            var scalar = unit
            var used = 6
            if (0xD800..<0xDC00).contains(unit), r + 12 <= end, line[r + 6] == ASCII.backslash,
                line[r + 7] == UInt8(ascii: "u"), let low = hex4(line, at: r + 8, end: end),
                (0xDC00..<0xE000).contains(low)
            {
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                used = 12
            } else if (0xD800..<0xE000).contains(unit) {
                scalar = 0xFFFD
            }
            w += writeUTF8(scalar, into: line, at: w)
            r += used
        }
        return ByteRange(start: Int(range.start), end: w)
    }

    /// The value of four hex digits at `i`, nil when they are not four hex digits before `end`.
    private static func hex4(_ line: UnsafeMutableRawBufferPointer, at i: Int, end: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in i..<(i + 4) {
            let c = line[k]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Writes `scalar` as UTF-8 at `i` and returns the bytes written (1 to 4).
    private static func writeUTF8(_ scalar: UInt32, into line: UnsafeMutableRawBufferPointer, at i: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            line[i] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            line[i] = UInt8(0xC0 | scalar >> 6)
            line[i + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            line[i] = UInt8(0xE0 | scalar >> 12)
            line[i + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            line[i + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            line[i] = UInt8(0xF0 | scalar >> 18)
            line[i + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            line[i + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            line[i + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
