/// Makes untrusted text safe to print on a terminal: every character that could move the cursor,
/// change colours, set the window title, hide text or reorder it becomes a visible escape.
///
/// Actor names, repository paths and user agents come from log lines that anyone who can send a
/// request controls; printed raw, `\u{1b}]0;…\u{7}` retitles the window and `\u{1b}[2J` clears it.
///
/// | input                                            | output                 |
/// | ------------------------------------------------ | ---------------------- |
/// | `\` (so that escapes are unambiguous)            | `\\`                   |
/// | newline, carriage return, tab                    | `\n`, `\r`, `\t`       |
/// | other C0 controls (U+0000–U+001F, ESC too), DEL  | `\x1b`, `\x7f`, …      |
/// | C1 controls U+0080–U+009F (CSI U+009B, …)        | `\u{9b}`, …            |
/// | bidi embeddings/overrides/isolates and marks     | `\u{202e}`, …          |
/// | line/paragraph separators, BOM, zero-width chars | `\u{2028}`, …          |
/// | soft hyphen, tag characters (hidden text)        | `\u{ad}`, `\u{e0041}` |
/// | bytes that are not valid UTF-8 (byte input only) | `\xff`, …              |
///
/// Everything else, including non-Latin letters and emoji, passes through unchanged.
public enum TerminalEscaper {
    /// Escapes a string for display on a terminal.
    /// - Complexity: O(n) in the length of `text`.
    public static func escape(_ text: String) -> String {
        // Fast path: most actor names and paths are plain printable ASCII.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x5C }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars { append(scalar, to: &out) }
        return out
    }

    /// Escapes a message of our own that embeds untrusted text (a file name, an error's reason) for
    /// stderr: like ``escape(_:)`` but backslashes stay, since the message may already hold escapes
    /// made by ``escape(bytes:)`` (a malformed line's excerpt). Line breaks are escaped too (a file
    /// name must not start a forged line) unless `keepingLineBreaks`, for multi-line text of our own.
    /// - Complexity: O(n) in the length of `text`.
    public static func escapeMessage(_ text: String, keepingLineBreaks: Bool = false) -> String {
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || ($0 == 0x0A && keepingLineBreaks) }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if scalar == "\\" || (scalar == "\n" && keepingLineBreaks) {
                out.unicodeScalars.append(scalar)
            } else {
                append(scalar, to: &out)
            }
        }
        return out
    }

    /// Escapes raw bytes for display: valid UTF-8 is treated as by ``escape(_:)``, each byte of an
    /// invalid sequence becomes `\xNN`.
    /// - Complexity: O(n) in the number of bytes.
    public static func escape<Bytes: Collection<UInt8>>(bytes: Bytes) -> String where Bytes.Index == Int {
        var out = ""
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if let (scalar, length) = decodeScalar(bytes, at: i) {
                append(scalar, to: &out)
                i += length
            } else {
                out += "\\x" + hex(UInt32(bytes[i]), minimumDigits: 2)
                i += 1
            }
        }
        return out
    }

    /// True for scalars that must not reach a terminal as they are.
    public static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0, DEL, C1
        case 0x5C: return true  // backslash, so that `\x1b` in the input cannot pass for an escape
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return true  // bidi, invisible
        // Soft hyphen and the Mongolian vowel separator print as nothing; tag characters (U+E0000–E007F)
        // spell hidden ASCII that some tools and models still read.
        case 0x00AD, 0x180E, 0xE0000...0xE007F: return true
        case 0x2028, 0x2029: return true  // line and paragraph separators
        default: return false
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout String) {
        guard needsEscaping(scalar) else {
            out.unicodeScalars.append(scalar)
            return
        }
        switch scalar.value {
        case 0x5C: out += "\\\\"
        case 0x0A: out += "\\n"
        case 0x0D: out += "\\r"
        case 0x09: out += "\\t"
        case 0x00...0x1F, 0x7F: out += "\\x" + hex(scalar.value, minimumDigits: 2)
        default: out += "\\u{" + hex(scalar.value, minimumDigits: 1) + "}"
        }
    }

    private static func hex(_ value: UInt32, minimumDigits: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, minimumDigits - digits.count)) + digits
    }

    /// Decodes one well-formed UTF-8 scalar at `i` (no overlong forms, no surrogates, ≤ U+10FFFF).
    /// Returns the scalar and its length in bytes, or nil when the bytes at `i` are not valid UTF-8.
    private static func decodeScalar<Bytes: Collection<UInt8>>(_ b: Bytes, at i: Int) -> (Unicode.Scalar, Int)?
    where Bytes.Index == Int {
        let lead = b[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        let minimum: UInt32
        switch lead {
        case 0xC2...0xDF: (length, value, minimum) = (2, UInt32(lead & 0x1F), 0x80)
        case 0xE0...0xEF: (length, value, minimum) = (3, UInt32(lead & 0x0F), 0x800)
        case 0xF0...0xF4: (length, value, minimum) = (4, UInt32(lead & 0x07), 0x10000)
        default: return nil
        }
        guard b.endIndex - i >= length else { return nil }
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
