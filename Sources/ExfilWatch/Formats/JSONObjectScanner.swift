/// A minimal, allocation-free scanner over the top level of one JSON object in a byte buffer:
/// yields each key and the byte range of its value, skipping nested objects and arrays.
///
/// It validates structure only as far as needed to find keys and values (balanced brackets,
/// terminated strings); it does not decode escapes or validate numbers.
struct JSONObjectScanner {
    struct Value {
        /// For strings, the bytes between the quotes; otherwise the literal's bytes.
        var range: ByteRange
        var isString: Bool
    }

    let line: UnsafeRawBufferPointer
    private var i = 0
    private(set) var isComplete = false
    private var failed = false

    init(line: UnsafeRawBufferPointer) {
        self.line = line
    }

    /// Consumes leading white space and `{`. False when the line is not an object.
    mutating func begin() -> Bool {
        skipSpace()
        guard i < line.count, line[i] == ASCII.openBrace else { return false }
        i += 1
        return true
    }

    /// The next key's range (between its quotes), or nil at `}` (then ``isComplete``) or on error.
    mutating func nextKey() -> ByteRange? {
        guard !failed, !isComplete else { return nil }
        skipSpace()
        guard i < line.count else { return fail() }
        if line[i] == ASCII.comma {
            i += 1
            skipSpace()
        }
        guard i < line.count else { return fail() }
        if line[i] == ASCII.closeBrace {
            isComplete = true
            return nil
        }
        guard line[i] == ASCII.quote, let close = CombinedLogParser.closingQuote(line, from: i + 1) else {
            return fail()
        }
        let key = ByteRange(start: i + 1, end: close)
        i = close + 1
        skipSpace()
        guard i < line.count, line[i] == ASCII.colon else { return fail() }
        i += 1
        return key
    }

    /// The value after the key just returned.
    mutating func value() -> Value? {
        skipSpace()
        guard i < line.count else { return fail() }
        let c = line[i]
        if c == ASCII.quote {
            guard let close = CombinedLogParser.closingQuote(line, from: i + 1) else { return fail() }
            let v = Value(range: ByteRange(start: i + 1, end: close), isString: true)
            i = close + 1
            return v
        }
        if c == ASCII.openBrace || c == ASCII.openBracket {
            let start = i
            guard skipNested() else { return fail() }
            return Value(range: ByteRange(start: start, end: i), isString: false)
        }
        let start = i
        while i < line.count {
            let d = line[i]
            if d == ASCII.comma || d == ASCII.closeBrace || d == ASCII.space || d == ASCII.tab { break }
            i += 1
        }
        guard i > start else { return fail() }
        return Value(range: ByteRange(start: start, end: i), isString: false)
    }

    /// Skips a balanced `{…}` or `[…]`, strings included.
    private mutating func skipNested() -> Bool {
        var depth = 0
        while i < line.count {
            let c = line[i]
            if c == ASCII.quote {
                guard let close = CombinedLogParser.closingQuote(line, from: i + 1) else { return false }
                i = close + 1
                continue
            }
            if c == ASCII.openBrace || c == ASCII.openBracket {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    i += 1
                    return true
                }
            }
            i += 1
        }
        return false
    }

    private mutating func skipSpace() {
        while i < line.count, line[i] == ASCII.space || line[i] == ASCII.tab { i += 1 }
    }

    private mutating func fail<T>() -> T? {
        failed = true
        return nil
    }
}
