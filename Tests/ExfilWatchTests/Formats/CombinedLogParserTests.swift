import ExfilWatch
import Testing

@Suite("Formats: nginx/Apache combined")
struct CombinedLogParserTests {
    @Test("time-zone offsets convert to the same UTC instant")
    func timeZones() throws {
        let utc: Int64 = 1_760_129_736  // 2025-10-10T20:55:36Z
        for stamp in [
            "10/Oct/2025:13:55:36 -0700", "10/Oct/2025:22:55:36 +0200", "10/Oct/2025:20:55:36 +0000",
            "11/Oct/2025:02:25:36 +0530", "10/oct/2025:20:55:36 -0000",
        ] {
            let p = try #require(
                TestSupport.parse("1.2.3.4 - u [\(stamp)] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"", .combined))
            #expect(p.time == utc, "\(stamp)")
        }
    }

    @Test("a full combined line: user, IPv4, bytes, clone transfer, user agent")
    func cloneTransfer() throws {
        let p = try #require(
            TestSupport.parse(
                #"203.0.113.9 - alice [10/Oct/2025:13:55:36 -0700] "POST /acme/ledger.git/git-upload-pack HTTP/1.1" 200 52341 "-" "git/2.43.0""#,
                .combined))
        #expect(
            p
                == ParsedLine(
                    time: 1_760_129_736, action: .clone, user: "alice", client: "203.0.113.9", resource: "acme/ledger",
                    userAgent: "git/2.43.0", token: "", bytes: 52341, status: 200))
    }

    @Test("IPv6 client, anonymous user, handshake is not a transfer")
    func ipv6Handshake() throws {
        let p = try #require(
            TestSupport.parse(
                #"2001:db8::1 - - [10/Oct/2025:22:55:37 +0200] "GET /acme/ledger.git/info/refs?service=git-upload-pack HTTP/1.1" 200 312 "-" "git/2.39.3 (Apple Git-145)""#,
                .combined))
        #expect(p.client == "2001:db8::1")
        #expect(p.user == "")
        #expect(p.action == .other)
        #expect(p.resource == "acme/ledger")
        #expect(p.userAgent == "git/2.39.3 (Apple Git-145)")
    }

    @Test("escaped quotes inside the request and the user agent; '-' bytes")
    func escapes() throws {
        let p = try #require(
            TestSupport.parse(
                #"198.51.100.7 - bob [10/Oct/2025:20:55:39 +0000] "GET /search?q=\"a b\" HTTP/1.1" 200 - "-" "Mozilla/5.0 \"quoted\" UA""#,
                .combined))
        #expect(p.bytes == 0)
        #expect(p.userAgent == #"Mozilla/5.0 \"quoted\" UA"#)
        #expect(p.status == 200)
    }

    @Test("common log format (no referer or user agent) and a '-' request")
    func common() throws {
        let p = try #require(
            TestSupport.parse(
                #"192.0.2.45 - carol [10/Oct/2025:20:55:41 +0000] "POST /api/v4/projects/42/export HTTP/1.1" 202 0"#,
                .combined))
        #expect(p.action == .export)
        #expect(p.resource == "42")
        #expect(p.userAgent == "")
        let dash = try #require(
            TestSupport.parse(#"192.0.2.44 - - [10/Oct/2025:20:55:40 +0000] "-" 400 0 "-" "-""#, .combined))
        #expect(dash.action == .other)
    }

    @Test(
        "malformed lines are rejected, not guessed",
        arguments: [
            "", "garbage", "1.2.3.4 - - [10/Oct/2025:20:55:40] \"GET / HTTP/1.1\" 200 1",
            "1.2.3.4 - - [10/Foo/2025:20:55:40 +0000] \"GET / HTTP/1.1\" 200 1",
            "1.2.3.4 - - [10/Oct/2025:20:55:40 +0000] \"GET / HTTP/1.1 200 1",
            "1.2.3.4 - - [10/Oct/2025:20:55:40 +0000] \"GET / HTTP/1.1\" abc 1",
            // A `]` where the time's separators go ends the time there, whatever follows.
            "1.2.3.4 - - [10/Oct/2025:20]55:40 +0000] \"GET / HTTP/1.1\" 200 1",
            "1.2.3.4 - - [10/Oct/2025:20:55:40]+0000] \"GET / HTTP/1.1\" 200 1",
            #"{"action":"git.clone","@timestamp":1}"#,
            // Outside 1970 to 2199: such minutes would overflow the windows' arithmetic.
            "1.2.3.4 - - [10/Oct/9999:20:55:40 +0000] \"GET / HTTP/1.1\" 200 1",
            "1.2.3.4 - - [31/Dec/1969:23:59:59 +0000] \"GET / HTTP/1.1\" 200 1",
        ])
    func malformed(line: String) {
        #expect(TestSupport.parse(line, .combined) == nil)
    }

    @Test("status and byte fields: digits up to 18 of them, '-' for no bytes, anything else malformed")
    func statusAndBytes() {
        func parsed(_ status: String, _ bytes: String) -> ParsedLine? {
            TestSupport.parse(
                "1.2.3.4 - - [10/Oct/2025:20:55:40 +0000] \"GET /a/b.git/info/refs HTTP/1.1\" \(status) \(bytes) \"-\" \"-\"",
                .combined)
        }
        let accepted: [(String, String, Int32, Int64)] = [
            ("200", "0", 200, 0), ("404", "-", 404, 0), ("0", "7", 0, 7), ("999", "52341", 999, 52341),
            ("200", "999999999999999999", 200, 999_999_999_999_999_999), ("007", "000123", 7, 123),
            // Every length around the 8-byte word the parser reads at once.
            ("200", "1", 200, 1), ("200", "12", 200, 12), ("200", "1234567", 200, 1_234_567),
            ("200", "12345678", 200, 12_345_678), ("200", "123456789", 200, 123_456_789), ("1", "9", 1, 9),
            ("200", "9876543", 200, 9_876_543), ("200", "0000000", 200, 0),
        ]
        for (status, bytes, s, b) in accepted {
            let p = parsed(status, bytes)
            #expect(p?.status == s && p?.bytes == b, "status \(status) bytes \(bytes)")
        }
        let rejected: [(String, String)] = [
            ("1000", "1"), ("20x", "1"), ("x20", "1"), ("-", "1"), ("2-0", "1"), ("200", "1000000000000000000"),
            ("200", "12a"), ("200", "a12"), ("200", "--"), ("200", "-1"), ("200", "1-"), ("2:0", "1"),
            // Bytes just outside "0"..."9", and a non-ASCII byte, at the start, middle and end of a word.
            ("2/0", "1"), ("200", "123456/"), ("200", ":234567"), ("200", "12\u{B5}4"), ("20\u{7F}", "1"),
            ("200", "1234567:"), ("200", "12345678/"),
        ]
        for (status, bytes) in rejected { #expect(parsed(status, bytes) == nil, "status \(status) bytes \(bytes)") }
        // A status or byte count at the very end of the line (the common log format cut short).
        #expect(
            TestSupport.parse("1.2.3.4 - - [10/Oct/2025:20:55:40 +0000] \"GET / HTTP/1.1\" 200 15", .combined)?.bytes
                == 15)
        #expect(TestSupport.parse("1.2.3.4 - - [10/Oct/2025:20:55:40 +0000] \"GET / HTTP/1.1\" 200", .combined) == nil)
    }

    @Test("the first and last seconds of the accepted time range parse")
    func timeRangeEdges() throws {
        let first = try #require(
            TestSupport.parse("1.2.3.4 - - [01/Jan/1970:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1", .combined))
        #expect(first.time == 0)
        let last = try #require(
            TestSupport.parse("1.2.3.4 - - [31/Dec/2199:23:59:59 +0000] \"GET / HTTP/1.1\" 200 1", .combined))
        #expect(last.time == Event.plausibleTimes.upperBound - 1)
    }
}
