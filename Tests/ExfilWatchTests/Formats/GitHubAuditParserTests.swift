import ExfilWatch
import Foundation
import Testing

@Suite("Formats: GitHub audit JSON")
struct GitHubAuditParserTests {
    func lines() throws -> [String] {
        try String(contentsOfFile: TestSupport.fixture("github-audit-sample.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    @Test("git.clone with every field")
    func clone() throws {
        let p = try #require(TestSupport.parse(try lines()[0], .githubAudit))
        #expect(
            p
                == ParsedLine(
                    time: 1_762_000_000, action: .clone, user: "alice", client: "203.0.113.9", resource: "acme/ledger",
                    userAgent: "git/2.43.0", token: "k3Xc1=", bytes: 0, status: 0))
    }

    @Test("keys in another order, arrays and nested objects skipped, missing actor_ip")
    func extraKeys() throws {
        let p = try #require(TestSupport.parse(try lines()[1], .githubAudit))
        #expect(p.action == .fetch)
        #expect(p.user == "bob")
        #expect(p.client == "")
        #expect(p.resource == "acme/web")
        #expect(p.time == 1_762_000_060)
    }

    @Test("repo.download_zip with created_at in epoch ms, and created_at as RFC 3339")
    func createdAt() throws {
        let zip = try #require(TestSupport.parse(try lines()[2], .githubAudit))
        #expect(zip.action == .archive)
        #expect(zip.time == 1_762_000_120)
        let create = try #require(TestSupport.parse(try lines()[4], .githubAudit))
        #expect(create.action == .other)
        #expect(create.time == 1_762_000_200)
    }

    @Test("an empty actor stays empty (the pipeline keys it by address)")
    func emptyActor() throws {
        let p = try #require(TestSupport.parse(try lines()[3], .githubAudit))
        #expect(p.user == "")
        #expect(p.client == "192.0.2.1")
        #expect(p.token == "zz9=")
    }

    @Test("no time, or not JSON, is malformed")
    func malformed() throws {
        #expect(TestSupport.parse(try lines()[5], .githubAudit) == nil)
        #expect(TestSupport.parse(try lines()[6], .githubAudit) == nil)
        #expect(TestSupport.parse(#"{"action":"git.clone","@timestamp":1762000000000"#, .githubAudit) == nil)
    }

    @Test("a time past 2199 or before 1970 is malformed, not clamped")
    func implausibleTimes() {
        #expect(TestSupport.parse(#"{"action":"git.clone","@timestamp":999999999999999999}"#, .githubAudit) == nil)
        #expect(TestSupport.parse(#"{"action":"git.clone","created_at":"9999-01-01T00:00:00Z"}"#, .githubAudit) == nil)
        #expect(TestSupport.parse(#"{"action":"git.clone","@timestamp":-60000}"#, .githubAudit) == nil)
        #expect(TestSupport.parse(#"{"action":"git.clone","@timestamp":1762000000000}"#, .githubAudit) != nil)
    }

    @Test("JSON escapes in names are decoded, so an escaped name is the same actor and its secrets are seen")
    func escapes() throws {
        func event(_ actor: String, _ repo: String) throws -> ParsedLine {
            try #require(
                TestSupport.parse(
                    #"{"action":"git.clone","@timestamp":1762000000000,"actor":""# + actor + #"","repo":""# + repo
                        + #""}"#, .githubAudit))
        }
        #expect(try event(#"jos\u00e9"#, #"org\/r0"#).user == "jos\u{e9}")
        #expect(try event(#"jos\u00e9"#, #"org\/r0"#).resource == "org/r0")
        #expect(try event(#"q\"uote\\x"#, "r").user == #"q"uote\x"#)
        #expect(try event(#"\ud83d\ude00 \ud800x \q \u12"#, "r").user == "\u{1F600} \u{FFFD}x \\q \\u12")
        #expect(try event(#"esc\u001b]0;pwn\u0007"#, "r").user == "esc\u{1B}]0;pwn\u{07}")
        let repo = try event("ghp\\u005fabc", #"org/r1?x=1\u0026token=SUPERSECRET1"#)
        #expect(repo.user == "ghp_abc")
        #expect(repo.resource == "org/r1?x=1&token=SUPERSECRET1")
        let redactor = try Redactor()
        #expect(!redactor.redact(repo.resource).contains("SUPERSECRET1"))
        #expect(try event("plain", "org/r").user == "plain")
    }

    @Test("format detection picks the format most sample lines parse as")
    func detection() throws {
        let audit = try lines().map { Array($0.utf8) }
        #expect(LogFormat.detect(sample: audit) == .githubAudit)
        let combined = try String(contentsOfFile: TestSupport.fixture("combined-sample.log"), encoding: .utf8)
            .split(separator: "\n").map { Array($0.utf8) }
        #expect(LogFormat.detect(sample: combined) == .combined)
        #expect(LogFormat.detect(sample: [Array("hello".utf8)]) == nil)
    }

    @Test("RFC 3339 parsing and formatting round-trip, offsets and leap day")
    func rfc3339() {
        #expect(CivilTime.parseRFC3339(Array("2024-02-29T23:59:59Z".utf8)) == 1_709_251_199)
        #expect(CivilTime.parseRFC3339(Array("2024-03-01T01:59:59.250+02:00".utf8)) == 1_709_251_199)
        #expect(CivilTime.rfc3339(1_709_251_199) == "2024-02-29T23:59:59Z")
        #expect(CivilTime.parseRFC3339(Array("2024-13-01T00:00:00Z".utf8)) == nil)
    }
}
