import ExfilWatch
import Testing

@Suite("Redactor")
struct RedactorTests {
    let redactor = try! Redactor()

    @Test(
        "secrets are replaced by REDACTED",
        arguments: [
            (
                "GET /api/v4/projects/9/export/download?private_token=glabc123&x=1",
                "GET /api/v4/projects/9/export/download?private_token=REDACTED&x=1"
            ),
            ("/acme/repo/archive/main.zip?Access_Token=abc.def", "/acme/repo/archive/main.zip?Access_Token=REDACTED"),
            (
                "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2F2025&X-Amz-Signature=deadbeef&X-Amz-Date=1",
                "https://b.s3.amazonaws.com/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Date=1"
            ),
            ("dl?sig=abc;token=xyz#frag", "dl?sig=REDACTED;token=REDACTED#frag"),
            (
                "clone https://alice:s3cr3t@git.example.com/acme/repo.git",
                "clone https://alice:REDACTED@git.example.com/acme/repo.git"
            ),
            ("https://oauth2:p@ss@gitlab.example.com/x", "https://oauth2:REDACTED@gitlab.example.com/x"),
            ("Authorization: Basic YWxpY2U6czNjcjN0", "Authorization: Basic REDACTED"),
            ("authorization=Bearer eyJhbGciOiJIUzI1NiJ9.e30.x", "authorization=Bearer REDACTED"),
            ("used Bearer abcdefghijklmnopqrstuvwxyz012345 twice", "used Bearer REDACTED twice"),
            ("X-Auth: Bearer: abcdefghijklmnopqrstuvwxyz012345", "X-Auth: Bearer: REDACTED"),
            (
                "/login?next=https%3A%2F%2Fx.example%2Fcb%3Ftoken%3Dab%2Fcd%26page%3D2",
                "/login?next=https%3A%2F%2Fx.example%2Fcb%3Ftoken%3DREDACTED%26page%3D2"
            ),
            (
                "/r?back=%2Fexport%3Fx%3D1%26PRIVATE_TOKEN%3Dglxyz",
                "/r?back=%2Fexport%3Fx%3D1%26PRIVATE_TOKEN%3DREDACTED"
            ),
            ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked", "token ghp_REDACTED leaked"),
            ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_REDACTED"),
            ("glpat-abcdefghij0123456789 in ua", "glpat-REDACTED in ua"),
            ("key AKIAIOSFODNN7EXAMPLE used", "key AKIAREDACTED used"),
            // Escaped letters, array forms, spaces, encoded schemes, user:pass without a scheme.
            ("/x?%74oken=abc&y=2", "/x?%74oken=REDACTED&y=2"),
            ("/x?%50rivate%5Ftoken=abc", "/x?%50rivate%5Ftoken=REDACTED"),
            ("/x?token[]=abc&token[1]=def", "/x?token[]=REDACTED&token[1]=REDACTED"),
            ("/x;token%5B%5D=s3cret&y=1", "/x;token%5B%5D=REDACTED&y=1"),
            ("/signup?user[password]=hunter2&user[name]=a", "/signup?user[password]=REDACTED&user[name]=a"),
            ("/x;next=%2Fa%3F%2574oken%3Ds3cret%26p%3D2", "/x;next=%2Fa%3F%2574oken%3DREDACTED%26p%3D2"),
            ("/cb?h=Bearer%20abcdefgh%2Bijklmnopqrstuvwxyz0123", "/cb?h=Bearer%20REDACTED"),
            ("/cb?h=Bearer%20%20abcdefghijklmnopqrstuvwxyz", "/cb?h=Bearer%20%20REDACTED"),
            ("c=alice%40corp.com:s3cret@git.example.com/r", "c=alice%40corp.com:REDACTED@git.example.com/r"),
            ("use alice:s3:cr@t@git.example.com/r", "use alice:REDACTED@git.example.com/r"),
            ("see //alice:pw@host.example/x", "see //alice:REDACTED@host.example/x"),
            ("/x?%74oken%5B%5D=secret", "/x?%74oken%5B%5D=REDACTED"),
            ("/signup?user[p%61ssword]=secret&a=1", "/signup?user[p%61ssword]=REDACTED&a=1"),
            ("/signup?user%5Bp%61ssword%5D=secret", "/signup?user%5Bp%61ssword%5D=REDACTED"),
            ("/x?next=/y?%74oken=secret", "/x?next=/y?%74oken=REDACTED"),
            ("/x?ids=1,%74oken=secret", "/x?ids=1,%74oken=REDACTED"),
            ("/l?r=%2Fcb%3Fnext%3D%2Fy%3F%2574oken%3Dsecret", "/l?r=%2Fcb%3Fnext%3D%2Fy%3F%2574oken%3DREDACTED"),
            ("/l?r=%3Ftoken%255B%255D%3Dsecret", "/l?r=%3Ftoken%255B%255D%3DREDACTED"),
            ("/l?r=%3Fuser%255Bpassword%255D%3Dsecret", "/l?r=%3Fuser%255Bpassword%255D%3DREDACTED"),
            (
                "/cb?h=x-auth%3A%20Bearer%20abcdefghijklmnopqrstuvwxyz012345",
                "/cb?h=x-auth%3A%20Bearer%20REDACTED"
            ),
            (
                "clone https://alice@corp.com:s3cret@git.example.com/r",
                "clone https://alice@corp.com:REDACTED@git.example.com/r"
            ),
            (
                "remotes=alice:x@h1.example,bob:y@h2.example",
                "remotes=alice:REDACTED@h1.example,bob:REDACTED@h2.example"
            ),
            ("password = hunter2 was set", "password = REDACTED was set"),
            ("/cb?h=Bearer%20abcdefghijklmnopqrstuvwxyz012345", "/cb?h=Bearer%20REDACTED"),
            ("/cb?h=bearer+abcdefghijklmnopqrstuvwxyz012345&x=1", "/cb?h=bearer+REDACTED&x=1"),
            ("/cb?h=Authorization%3A%20Basic%20YWxpY2U6czNjcjN0&n=1", "/cb?h=Authorization%3A%20Basic%20REDACTED&n=1"),
            (
                "git clone alice:s3cr3t@git.example.com/acme/repo.git",
                "git clone alice:REDACTED@git.example.com/acme/repo.git"
            ),
            ("remote='deploy:tok3n@10.0.0.5:acme/repo'", "remote='deploy:REDACTED@10.0.0.5:acme/repo'"),
        ])
    func redacts(_ input: String, _ expected: String) {
        #expect(redactor.redact(input) == expected)
    }

    @Test(
        "ordinary text is left alone",
        arguments: [
            "412 clones in 10m, usually 3", "/acme/ledger.git/info/refs?service=git-upload-pack",
            "tokens=5 signatures=2", "ssh://git@github.com/acme/repo.git", "basic authentication failed",
            "user agent git/2.43.0", "/search?q=tokens%3D5%26page%3D2",
            "git@github.com:acme/repo.git", "/a%2Fb%20c?page=2", "%61lice", "ip:fe80::1%35",
            "bob@2001:db8::1", "org/%2E%2E/x", "acme/bearer-token-rotation-service", "acme/img:1.2@sha256:abcdef",
            "/x?time=10:30&email=bob@corp.example", "/x?%74okens=5&next=%2F",
        ])
    func leavesOrdinaryText(_ input: String) {
        #expect(redactor.redact(input) == input)
    }

    @Test("extra parameters and patterns from the model file")
    func extras() throws {
        let custom = try Redactor(extraParameters: ["session_key"], extraPatterns: [#"corp-[0-9a-f]{8}"#])
        #expect(custom.redact("/x?SESSION_KEY=abc&y=2 id corp-deadbeef") == "/x?SESSION_KEY=REDACTED&y=2 id REDACTED")
        #expect(custom.redact("private_token=t") == "private_token=REDACTED")
        // Patterns see the text as the logs wrote it, escapes and all.
        let escaped = try Redactor(extraPatterns: [#"api%5Fsecret%3D[A-Za-z0-9]+"#])
        #expect(escaped.redact("/x;next=%3Fapi%5Fsecret%3Dhunter2") == "/x;next=%3FREDACTED")
        let error = try #require(throws: AlertSinkError.self) { try Redactor(extraPatterns: ["(unclosed"]) }
        #expect(error.code == .configuration)
    }

    @Test(
        "parameter names with any characters are matched literally (non-ASCII, symbols, controls)",
        arguments: ["£token", "key😀", "a\u{200B}b", "e\u{301}t", "x-y.z", "sp ace", "tab\tname", "(paren"])
    func unusualParameterNames(name: String) throws {
        let custom = try Redactor(extraParameters: [name])
        #expect(custom.redact("/x?\(name)=abc&y=2") == "/x?\(name)=REDACTED&y=2")
        #expect(custom.redact("/x?other=abc") == "/x?other=abc")
    }

    @Test("an alert's reason, resources, addresses and actor are redacted; the rest is untouched")
    func alertFields() {
        var alert = AlertTestSupport.alert(
            actor: "https://bot:hunter2@ci.example.com", reason: "export via ?private_token=abc",
            resources: ["acme/a?token=t1", "acme/b"])
        alert.exampleSourceIPs = ["203.0.113.9", "10.0.0.1?token=SECRET"]
        let clean = redactor.redacted(alert)
        #expect(clean.actor == "https://bot:REDACTED@ci.example.com")
        #expect(clean.reason == "export via ?private_token=REDACTED")
        #expect(clean.exampleResources == ["acme/a?token=REDACTED", "acme/b"])
        #expect(clean.exampleSourceIPs == ["203.0.113.9", "10.0.0.1?token=REDACTED"])
        #expect(clean.id == alert.id && clean.signals == alert.signals)
    }

    @Test("a long hostile name is redacted like a short one (the URL rule is tried only around '://')")
    func longNames() {
        let letters = String(repeating: "abcdefghij", count: 800)
        #expect(redactor.redact("org/" + letters) == "org/" + letters)
        #expect(
            redactor.redact(letters + " https://u:pw@h/x?token=t " + letters)
                == letters + " https://u:REDACTED@h/x?token=REDACTED " + letters)
        let pairs = String(repeating: " ab:cd", count: 1500)
        #expect(redactor.redact(pairs + " ab:cd@h") == pairs + " ab:REDACTED@h")
        let escapes = String(repeating: "%41%2F", count: 1500)
        #expect(redactor.redact(escapes) == escapes)
        let spaces = "bearer" + String(repeating: " ", count: 8000) + "x"
        #expect(redactor.redact(spaces) == spaces)
        for hostile in [
            String(repeating: "%2541", count: 1600), " " + String(repeating: "a%252F", count: 1300),
            String(repeating: "=a:", count: 2700) + "@", String(repeating: "%5B", count: 2700),
        ] {
            #expect(redactor.redact(hostile) == hostile)
        }
        // A long run of escaped spaces after `bearer` reads as its credential, in linear time.
        let bearer = "bearer" + String(repeating: "%2520", count: 1600) + "!"
        #expect(redactor.redact(bearer).hasSuffix("REDACTED!"))
        let names = String(repeating: "&%41", count: 2000) + "&%74oken=s"
        #expect(redactor.redact(names) == String(repeating: "&%41", count: 2000) + "&%74oken=REDACTED")
    }
}
