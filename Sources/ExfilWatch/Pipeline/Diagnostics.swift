/// Helpers for the tool's own messages on stderr, which quote hostile input.
public enum Diagnostics {
    /// At most `limit` bytes of `bytes` as printable ASCII: anything else (controls, escape
    /// sequences, non-ASCII) becomes `\xHH`, so a log line cannot drive the terminal.
    public static func excerpt(_ bytes: UnsafeRawBufferPointer, limit: Int = 160) -> String {
        var out = ""
        out.reserveCapacity(min(bytes.count, limit) + 8)
        for b in bytes.prefix(limit) {
            if b >= 0x20 && b < 0x7F && b != ASCII.backslash {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let hex = String(b, radix: 16)
                out += b == ASCII.backslash ? "\\\\" : "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        if bytes.count > limit { out += "…" }
        return out
    }
}
