import ExfilWatch
import Testing

@Suite("Formats: request classification")
struct RequestClassifierTests {
    static let cases: [(String, String, Int, ActionClass, String)] = [
        ("POST", "/acme/ledger.git/git-upload-pack", 200, .clone, "acme/ledger"),
        ("POST", "/acme/ledger/git-upload-pack", 200, .clone, "acme/ledger"),
        ("GET", "/acme/ledger.git/info/refs?service=git-upload-pack", 200, .other, "acme/ledger"),
        ("POST", "/acme/ledger.git/git-upload-pack", 403, .other, ""),
        ("POST", "/acme/ledger.git/git-receive-pack", 200, .push, "acme/ledger"),
        (
            "GET", "/acme/ledger.git/info/lfs/objects/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            200, .lfs, "acme/ledger"
        ),
        ("POST", "/acme/ledger.git/info/lfs/objects/batch", 200, .other, "acme/ledger"),
        ("GET", "/group/sub/proj/gitlab-lfs/objects/abc123", 200, .lfs, "group/sub/proj"),
        ("GET", "/acme/web/archive/refs/heads/main.zip", 200, .archive, "acme/web"),
        ("GET", "/repos/acme/web/zipball/main", 200, .archive, "acme/web"),
        ("GET", "/api/v3/repos/acme/web/tarball", 200, .archive, "acme/web"),
        ("GET", "/group/sub/proj/-/archive/main/proj-main.tar.gz", 200, .archive, "group/sub/proj"),
        // Bitbucket: an archive names the repository KEY/slug, as its clone URL does.
        ("POST", "/scm/KEY/slug.git/git-upload-pack", 200, .clone, "KEY/slug"),
        ("GET", "/rest/api/latest/projects/KEY/repos/slug/archive?format=zip", 200, .archive, "KEY/slug"),
        ("GET", "/rest/api/1.0/projects/KEY/repos/slug/archive", 200, .archive, "KEY/slug"),
        ("GET", "/projects/KEY/repos/slug/archive?format=tgz", 200, .archive, "KEY/slug"),
        ("POST", "/api/v4/projects/42/export", 202, .export, "42"),
        ("GET", "/api/v4/projects/42/export", 200, .other, "42"),
        ("GET", "/api/v4/projects/group%2Fproj/export/download", 200, .export, "group/proj"),
        ("POST", "/api/v4/projects/group%2fsub%2Fproj/export", 202, .export, "group/sub/proj"),
        ("GET", "/api/v4/projects/grp%2Fproj5/repository/archive.zip", 200, .archive, "grp/proj5"),
        ("GET", "/projects/KEY/repos//archive", 200, .archive, "KEY/"),
        ("POST", "/orgs/acme/migrations", 201, .export, "acme"),
        ("GET", "/orgs/acme/migrations/17/archive", 302, .export, "acme"),
        ("POST", "/user/migrations", 201, .export, ""),
        ("GET", "/acme/web/pull/12", 200, .other, ""),
        ("GET", "/", 200, .other, ""),
    ]

    @Test("URL layouts of GitHub, GitLab, Bitbucket and Gitea", arguments: 0..<cases.count)
    func classify(index: Int) throws {
        let (method, path, status, action, resource) = Self.cases[index]
        let line =
            "10.0.0.1 - u [01/Jan/2025:00:00:00 +0000] \"\(method) \(path) HTTP/1.1\" \(status) 10 \"-\" \"git/2.4\""
        let p = try #require(TestSupport.parse(line, .combined))
        #expect(p.action == action, "\(method) \(path)")
        #expect(p.resource == resource, "\(method) \(path)")
    }

    @Test("infixes are found wherever they fall among the eight-byte words a path is scanned in")
    func infixOffsets() throws {
        for ownerLength in 1...17 {
            for repoLength in [1, 2, 5, 8, 9, 16] {
                let o = String(repeating: "o", count: ownerLength)
                let r = String(repeating: "r", count: repoLength)
                let expected: [(String, String, ActionClass, String)] = [
                    ("GET", "/\(o)/\(r).git/info/lfs/objects/ab12", .lfs, "\(o)/\(r)"),
                    ("GET", "/\(o)/\(r)/gitlab-lfs/objects/ab12?x=1", .lfs, "\(o)/\(r)"),
                    ("GET", "/\(o)/\(r)/-/archive/main/\(r)-main.tar.gz", .archive, "\(o)/\(r)"),
                    ("GET", "/\(o)/\(r)/archive/v1.zip", .archive, "\(o)/\(r)"),
                    ("GET", "/\(o)/\(r)/info/lfsx/objects/ab12", .other, ""),
                    ("GET", "/\(o)/\(r)/-/archivx/main.zip", .other, ""),
                    ("GET", "/\(o)/\(r)/-/archive/", .archive, "\(o)/\(r)"),
                    ("GET", "/\(o)/\(r)/", .other, ""),
                ]
                for (method, path, action, resource) in expected {
                    let line =
                        "10.0.0.1 - u [01/Jan/2025:00:00:00 +0000] \"\(method) \(path) HTTP/1.1\" 200 10 \"-\" \"git\""
                    let p = try #require(TestSupport.parse(line, .combined))
                    #expect(p.action == action && p.resource == resource, "\(path): \(p.action) \(p.resource)")
                }
            }
        }
    }
}
