/// The byte-level parsing behind ``Redactor/redactingEscapedParameters(_:names:)``.
struct EscapedParameterScanner {
    /// The text's UTF-8 bytes.
    let bytes: [UInt8]

    /// Whether a name may start at `s`: at the start, or after a delimiter, plain or escaped.
    static func startsName(_ b: [UInt8], at s: Int) -> Bool {
        if s == 0 { return true }
        switch b[s - 1] {
        case UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: "#"), UInt8(ascii: "\""),
            UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","),
            UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return true
        default:
            break
        }
        guard s >= 3, let c = escapedByte(b, s - 3, 3) ?? (s >= 5 ? escapedByte(b, s - 5, 5) : nil) else {
            return false
        }
        return c == UInt8(ascii: "&") || c == UInt8(ascii: "?") || c == UInt8(ascii: "#") || c == UInt8(ascii: "[")
    }

    /// The byte an escape of exactly `length` bytes at `i` stands for: `%XX` (3) or `%25XX` (5).
    static func escapedByte(_ b: [UInt8], _ i: Int, _ length: Int) -> UInt8? {
        guard i >= 0, i + length <= b.count, b[i] == UInt8(ascii: "%") else { return nil }
        if length == 5 {
            guard b[i + 1] == UInt8(ascii: "2"), b[i + 2] == UInt8(ascii: "5") else { return nil }
        }
        guard let hi = Redactor.hexValue(b[i + length - 2]), let lo = Redactor.hexValue(b[i + length - 1]) else {
            return nil
        }
        return hi << 4 | lo
    }

    /// The character at `i` and its length: a byte, or an escape of one (`%XX`, `%25XX`).
    func character(at i: Int) -> (byte: UInt8, length: Int)? {
        guard i < bytes.count else { return nil }
        guard bytes[i] == UInt8(ascii: "%") else { return (bytes[i], 1) }
        if let c = Self.escapedByte(bytes, i, 5) { return (c, 5) }
        if let c = Self.escapedByte(bytes, i, 3), c != UInt8(ascii: "%") { return (c, 3) }
        return nil
    }

    /// Letters, digits and `-._~`: what a parameter name is made of here.
    static func isNameByte(_ c: UInt8) -> Bool {
        ASCII.isDigit(c) || (c | 0x20) &- UInt8(ascii: "a") < 26 || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "~")
    }

    /// The byte range of a secret parameter's value when a parameter whose name is in `names` starts
    /// at `s`. - Complexity: O(64 + value length).
    func secretValue(at s: Int, names: Set<String>) -> Range<Int>? {
        var i = s
        var name: [UInt8] = []
        while name.count < 64, let (c, n) = character(at: i), Self.isNameByte(c) {
            name.append(c | (c &- UInt8(ascii: "A") < 26 ? 0x20 : 0))
            i += n
        }
        guard !name.isEmpty, names.contains(String(decoding: name, as: UTF8.self)) else { return nil }
        if let (c, n) = character(at: i), c == UInt8(ascii: "]") { i += n }
        if let (c, n) = character(at: i), c == UInt8(ascii: "[") {
            var j = i + n
            var inside = 0
            while inside < 32, let (d, m) = character(at: j), Self.isNameByte(d) {
                j += m
                inside += 1
            }
            guard let (d, m) = character(at: j), d == UInt8(ascii: "]") else { return nil }
            i = j + m
        }
        var spaces = 0
        while spaces < 3, i < bytes.count, bytes[i] == UInt8(ascii: " ") {
            i += 1
            spaces += 1
        }
        guard let (eq, n) = character(at: i), eq == UInt8(ascii: "=") else { return nil }
        let encoded = n > 1
        i += n
        if !encoded {
            spaces = 0
            while spaces < 3, i < bytes.count, bytes[i] == UInt8(ascii: " ") {
                i += 1
                spaces += 1
            }
        }
        let start = i
        while i < bytes.count, !endsValue(at: i, encoded: encoded) { i += 1 }
        return i > start ? start..<i : nil
    }

    /// Whether a value ends at `i`: at `&#;`, whitespace, a quote or `<>`; in an escaped pair also at
    /// an escaped `&` or `#` (once or twice) and at a `%` that starts no escape.
    func endsValue(at i: Int, encoded: Bool) -> Bool {
        switch bytes[i] {
        case UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: "\""), UInt8(ascii: "'"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
            UInt8(ascii: "\r"):
            return true
        case UInt8(ascii: "%") where encoded:
            guard let (c, _) = character(at: i) else { return true }
            return c == UInt8(ascii: "&") || c == UInt8(ascii: "#")
        default:
            return false
        }
    }
}
