/// Secret parameters whose names are percent-escaped (`?%74oken=…`, `%3F%2574oken%3D…` one URL down),
/// found by a linear scan rather than a regular expression: a name that may be read as escapes in more
/// than one way makes a backtracking engine try every reading, and a candidate that is not a secret
/// must not swallow the text after it.
extension Redactor {
    /// `text` with the value of every parameter whose name, unescaped, is one of `names` (lowercased)
    /// replaced by ``replacement``. A name starts at the start of the text or after one of
    /// `?&;#"'([{,` or whitespace (or `%26`, `%3F`, `%23`, `%5B`, also escaped twice), holds at most 64
    /// letters, digits, `-._~` and escapes of them (once or twice), and may be followed by `]` and an
    /// array part (`[…]`, `%5B…%5D`), then `=` (up to three spaces around it), `%3D` or `%253D`.
    /// Returns `text` itself when it holds no `%`. - Complexity: O(bytes × 64).
    static func redactingEscapedParameters(_ text: String, names: Set<String>) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        let b = Array(text.utf8)
        var out: [UInt8] = []
        var copied = 0
        var s = 0
        while s < b.count {
            if EscapedParameterScanner.startsName(b, at: s),
                let value = EscapedParameterScanner(bytes: b).secretValue(at: s, names: names)
            {
                out += b[copied..<value.lowerBound]
                out += Array(replacement.utf8)
                copied = value.upperBound
                s = value.upperBound
            } else {
                s += 1
            }
        }
        guard copied > 0 else { return text }
        out += b[copied...]
        return String(decoding: out, as: UTF8.self)
    }
}
