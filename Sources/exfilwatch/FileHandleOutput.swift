import ExfilWatch

#if canImport(Glibc)
    import Glibc
#endif

/// Unbuffered writes to the standard streams for the CLI's messages.
enum FileHandleOutput {
    static func standardError(_ text: String) {
        var t = text
        t.withUTF8 { p in
            var off = 0
            while off < p.count {
                let n = write(2, p.baseAddress! + off, p.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }

    /// Writes one message and a newline to stderr, with control characters from untrusted parts (file
    /// names from a directory listing, reasons quoting input) made visible
    /// (``TerminalEscaper/escapeMessage(_:)``).
    /// `keepingLineBreaks` only for multi-line text of our own (usage).
    static func message(_ text: String, keepingLineBreaks: Bool = false) {
        standardError(TerminalEscaper.escapeMessage(text, keepingLineBreaks: keepingLineBreaks) + "\n")
    }

    /// True when file descriptor `fd` is a terminal.
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
}
