import ExfilWatch
import Testing

@Suite("TerminalEscaper")
struct TerminalEscaperTests {
    @Test("plain printable text is unchanged", arguments: ["alice", "acme/ledger", "git/2.43.0 (linux)", "Zoë 山田 🙂"])
    func plainTextUnchanged(_ text: String) {
        #expect(TerminalEscaper.escape(text) == text)
    }

    @Test(
        "controls, escape sequences, bidi and backslash become visible escapes",
        arguments: [
            ("\u{1b}[2J\u{1b}]0;pwned\u{07}", #"\x1b[2J\x1b]0;pwned\x07"#),
            ("a\nb\rc\td", #"a\nb\rc\td"#),
            ("nul\u{0}del\u{7f}", #"nul\x00del\x7f"#),
            ("csi\u{9b}31m", #"csi\u{9b}31m"#),
            ("user\u{202e}gpj.exe", #"user\u{202e}gpj.exe"#),
            ("\u{2066}x\u{2069}\u{200f}", #"\u{2066}x\u{2069}\u{200f}"#),
            ("line\u{2028}sep", #"line\u{2028}sep"#),
            ("soft\u{AD}hy\u{180E}phen", #"soft\u{ad}hy\u{180e}phen"#),
            ("tag\u{E0041}\u{E0042}x", #"tag\u{e0041}\u{e0042}x"#),
            (#"DOMAIN\user \x1b"#, #"DOMAIN\\user \\x1b"#),
        ])
    func escapes(_ input: String, _ expected: String) {
        let escaped = TerminalEscaper.escape(input)
        #expect(escaped == expected)
        #expect(!escaped.unicodeScalars.contains { $0 != "\\" && TerminalEscaper.needsEscaping($0) })
        #expect(!escaped.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }))
    }

    @Test("messages: controls and line breaks escaped, backslashes (earlier escapes) kept")
    func messages() {
        #expect(
            TerminalEscaper.escapeMessage("error: /logs/x\u{1B}[31mRED.log: gone")
                == #"error: /logs/x\x1b[31mRED.log: gone"#)
        #expect(
            TerminalEscaper.escapeMessage(#"a.log:3: malformed line: \x1b]0;pwned"#)
                == #"a.log:3: malformed line: \x1b]0;pwned"#)
        #expect(TerminalEscaper.escapeMessage("a\nforged: all clear") == #"a\nforged: all clear"#)
        #expect(TerminalEscaper.escapeMessage("usage:\n  x\u{9B}", keepingLineBreaks: true) == "usage:\n  x\\u{9b}")
        #expect(TerminalEscaper.escapeMessage("plain text") == "plain text")
    }

    @Test("invalid UTF-8 bytes are shown as \\xNN, valid sequences decoded")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x61, 0xFF, 0xC0, 0x80, 0xE2, 0x82, 0xAC, 0xED, 0xA0, 0x80, 0xF0, 0x9F, 0x99, 0x82, 0x1B]
        #expect(TerminalEscaper.escape(bytes: bytes) == #"a\xff\xc0\x80€\xed\xa0\x80🙂\x1b"#)
        #expect(TerminalEscaper.escape(bytes: [0xE2, 0x82]) == #"\xe2\x82"#)  // truncated sequence
    }
}
