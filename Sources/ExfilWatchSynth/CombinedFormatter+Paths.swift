/// Paths of web-UI pages, API calls and form posts, derived from the event's seed so that an asset's
/// referer repeats the page it was loaded by.
extension CombinedFormatter {
    private static let searchWords: [StaticString] = ["retry", "TODO", "timeout", "deprecated", "config", "auth"]

    /// The page path of a `.webPage` event (`/org/repo/pull/123`, `/org/repo/blob/main/src/x.go`, …).
    func writePagePath(_ e: SynthEvent, _ out: LineBuffer) {
        guard e.repo >= 0 else {
            out.byte(ASCII.slash)
            return
        }
        let repo = world.repos[Int(e.repo)]
        var rng = SynthRandom(seed: e.seed ^ 0x9A6E)
        let anonymous = e.has(EventFlag.anonymous)
        let kind = anonymous ? Int(e.aux) % 6 : Int(e.aux)
        func repoPath() {
            out.byte(ASCII.slash)
            out.text(repo.fullName)
        }
        switch kind {
        case 0: repoPath()
        case 1, 13:
            repoPath()
            out.ascii("/pull/")
            out.uint(UInt64(1 + rng.below(Int(repo.maxPull))))
            if kind == 13 { out.ascii("/files") }
        case 2:
            repoPath()
            out.ascii("/pulls")
        case 3, 4:
            repoPath()
            out.ascii(kind == 3 ? "/blob/main/" : "/tree/main/")
            writeFilePath(repo, &rng, out)
        case 5:
            repoPath()
            out.ascii("/commits/main")
        case 6:
            repoPath()
            out.ascii("/issues/")
            out.uint(UInt64(1 + rng.below(Int(repo.maxPull))))
        case 7:
            repoPath()
            out.ascii("/actions/runs/")
            out.uint(UInt64(11_000_000_000 + rng.below(900_000_000)))
        case 8:
            repoPath()
            out.ascii("/compare/main...")
            var branch = WordLists.branches[rng.below(WordLists.branches.count)]
            branch.withUTF8 { p in if let base = p.baseAddress { out.bytes(base, p.count) } }
        case 9: out.byte(ASCII.slash)
        case 10: out.ascii("/notifications?query=is%3Aunread")
        case 11:
            out.ascii("/search?q=")
            out.ascii(Self.searchWords[rng.below(Self.searchWords.count)])
            out.ascii("&type=code")
        default:
            out.byte(ASCII.slash)
            out.text(world.orgs[Int(repo.org)].name)
        }
    }

    /// A source path typical of the repository's language.
    private func writeFilePath(_ repo: Repo, _ rng: inout SynthRandom, _ out: LineBuffer) {
        var path: String
        if rng.chance(0.25) {
            path = WordLists.commonPaths[rng.below(WordLists.commonPaths.count)]
        } else {
            let paths = WordLists.pathsByLanguage[Int(repo.language) % WordLists.pathsByLanguage.count]
            path = paths[rng.below(paths.count)]
        }
        path.withUTF8 { p in if let base = p.baseAddress { out.bytes(base, p.count) } }
    }

    /// REST calls of CLIs, IDEs and scripts (`/api/v3/…`).
    func writeAPIRequest(_ e: SynthEvent, _ out: LineBuffer) {
        guard e.repo >= 0 else {
            out.ascii("GET /api/v3/user HTTP/1.1")
            return
        }
        let repo = world.repos[Int(e.repo)]
        var rng = SynthRandom(seed: e.seed ^ 0xA91)
        func repoAPI() {
            out.ascii("GET /api/v3/repos/")
            out.text(repo.fullName)
        }
        switch e.aux % 9 {
        case 0:
            repoAPI()
            out.ascii("/pulls?state=open&per_page=100")
        case 1: out.ascii("GET /api/v3/user")
        case 2:
            repoAPI()
            out.ascii("/commits/")
            out.hex(rng.next(), digits: 16)
            out.hex(rng.next(), digits: 16)
            out.hex(rng.next(), digits: 8)
            out.ascii("/status")
        case 3:
            repoAPI()
            out.ascii("/actions/runs?branch=main&per_page=20")
        case 4: out.ascii("GET /api/v3/notifications")
        case 5:
            repoAPI()
            out.ascii("/contents/")
            writeFilePath(repo, &rng, out)
            out.ascii("?ref=main")
        case 6:
            out.ascii("GET /api/v3/orgs/")
            out.text(world.orgs[Int(repo.org)].name)
            out.ascii("/repos?per_page=100&page=")
            out.uint(UInt64(1 + rng.below(3)))
        default:
            repoAPI()
            out.ascii("/issues?state=open&labels=bug")
        }
        out.ascii(" HTTP/1.1")
    }

    /// The browser form post behind a non-git audit action (see `AuditFormatter.noiseActions`).
    func writeNoiseRequest(_ e: SynthEvent, _ out: LineBuffer) {
        guard e.repo >= 0 else {
            out.ascii("POST /settings/profile HTTP/2.0")
            return
        }
        let repo = world.repos[Int(e.repo)]
        var rng = SynthRandom(seed: e.seed ^ 0x4015E)
        func repoPost() {
            out.ascii("POST /")
            out.text(repo.fullName)
        }
        switch e.aux {
        case 0, 2:
            repoPost()
            out.ascii("/pull/")
            out.uint(UInt64(1 + rng.below(Int(repo.maxPull))))
            out.ascii(e.aux == 0 ? "/merge" : "/reviews")
        case 1:
            repoPost()
            out.ascii("/pull/create?base=main")
        case 3:
            repoPost()
            out.ascii("/settings/branch_protection_rules/")
            out.uint(UInt64(1000 + rng.below(40_000)))
        case 4: out.ascii("POST /repositories")
        case 5:
            out.ascii("POST /orgs/")
            out.text(world.orgs[Int(repo.org)].name)
            out.ascii("/invitations")
        case 6:
            out.ascii("POST /orgs/")
            out.text(world.orgs[Int(repo.org)].name)
            out.ascii("/teams/")
            out.text(world.orgs[Int(repo.org)].name)
            out.ascii("-maintainers/repositories")
        default:
            repoPost()
            out.ascii("/issues/")
            out.uint(UInt64(1 + rng.below(Int(repo.maxPull))))
            out.ascii("/comments")
        }
        out.ascii(" HTTP/2.0")
    }
}
