/// Makes untrusted text safe to show on a terminal: control characters (C0, DEL, C1), escape
/// sequences and bidirectional overrides become visible `\u{…}` escapes.
public enum TextEscaping {
    public static func visible(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let isControl = v < 0x20 || (0x7F...0x9F).contains(v)
            let isBidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
            if isControl || isBidi || v == 0x5C {
                out += v == 0x5C ? "\\\\" : "\\u{\(String(v, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
