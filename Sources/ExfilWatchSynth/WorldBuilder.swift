#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds the `World` for a configuration: regions, orgs, teams, repositories, people and automation.
///
/// Everything is drawn from one `SynthRandom` stream keyed by the seed, so the same flags give the same
/// world. This runs once before streaming starts; it may use `String` freely.
struct WorldBuilder {
    let config: ResolvedSynthConfig
    private var rng: SynthRandom
    private let world: World

    init(config: ResolvedSynthConfig) {
        self.config = config
        rng = SynthRandom(seed: config.base.seed, stream: 0xB0_11D)
        world = World(arena: ByteArena(capacity: 1 << 20))
    }

    /// Builds and returns the world.
    mutating func build() -> World {
        world.regions = [
            Region(offsetMinutes: -480, countries: ["US"].map(world.arena.intern), weight: 0.30),
            Region(offsetMinutes: -300, countries: ["US", "CA"].map(world.arena.intern), weight: 0.18),
            Region(offsetMinutes: 0, countries: ["GB", "IE", "PT"].map(world.arena.intern), weight: 0.10),
            Region(offsetMinutes: 60, countries: ["DE", "FR", "NL", "PL", "ES"].map(world.arena.intern), weight: 0.22),
            Region(offsetMinutes: 330, countries: ["IN"].map(world.arena.intern), weight: 0.12),
            Region(offsetMinutes: 540, countries: ["JP", "KR"].map(world.arena.intern), weight: 0.08),
        ]
        let company = WordLists.companies[rng.below(WordLists.companies.count)]
        world.company = world.arena.intern(company)
        world.businessId = Int64(rng.int(1000, 9999))
        world.host = world.arena.intern("github.\(company).com")
        world.healthCheckIPs = ["10.0.1.11", "10.0.2.11"].map(world.arena.intern)
        world.healthUA = world.arena.intern(UserAgents.healthCheck)
        world.scannerUAs = UserAgents.scanners.map(world.arena.intern)
        world.downloadUAs = UserAgents.downloadTools.map(world.arena.intern)
        world.scriptedUAs = UserAgents.scriptedGit.map(world.arena.intern)
        world.browserUAs = UserAgents.browsers.map(world.arena.intern)
        world.developerGitUAs = UserAgents.developerGit.map(world.arena.intern)
        world.ciIPs = (0..<32).map { world.arena.intern("10.40.\(8 + $0 / 8).\(20 + ($0 % 8) * 3)") }
        world.anonymousIPs = (0..<1500).map { _ in world.arena.intern(publicAddress(residential: true)) }
        world.scannerIPs = (0..<400).map { _ in world.arena.intern(publicAddress(residential: false)) }
        buildOrgsTeamsRepos(company: company)
        buildHumans()
        buildBots()
        return world
    }

    // MARK: Orgs, teams, repositories

    private mutating func buildOrgsTeamsRepos(company: String) {
        var orgNames = [company]
        var pool = WordLists.orgs
        while orgNames.count < config.orgs {
            if pool.isEmpty { pool = WordLists.orgs.map { "\($0)-\(orgNames.count)" } }
            orgNames.append(pool.remove(at: rng.below(pool.count)))
        }
        // Repositories and teams per org follow a Zipf-like split: the company org is the largest.
        let weights = (0..<config.orgs).map { 1.0 / pow(Double($0 + 1), 0.6) }
        let repoCounts = split(config.repos, weights: weights, minimum: 5)
        let teamTotal = max(config.orgs, config.base.users / 8)
        let teamCounts = split(teamTotal, weights: weights, minimum: 1)
        var orgId = Int64(rng.int(1_000_000, 9_000_000))
        var nextRepoId = Int64(rng.int(20_000_000, 90_000_000))
        var nextProjectId = Int32(rng.int(200, 4000))
        for o in 0..<config.orgs {
            orgId += Int64(rng.int(1, 90_000))
            let repoStart = Int32(world.repos.count)
            let teamStart = Int32(world.teams.count)
            let n = repoCounts[o]
            let common = max(1, n / 10)
            let teamRepoCounts = split(
                n - common,
                weights: (0..<teamCounts[o]).map { _ in
                    min(rng.pareto(minimum: 1, alpha: 1.3), 12)
                }, minimum: n - common >= teamCounts[o] ? 1 : 0)
            var used = Set<String>()
            let orgName = orgNames[o]
            for _ in 0..<common {
                addRepo(
                    org: Int32(o), orgName: orgName, team: -1, domain: nil, used: &used,
                    repoId: &nextRepoId, projectId: &nextProjectId)
            }
            for t in 0..<teamCounts[o] {
                let teamIndex = Int32(world.teams.count)
                let first = Int32(world.repos.count)
                let domain = WordLists.repoDomains[rng.below(WordLists.repoDomains.count)]
                for _ in 0..<teamRepoCounts[t] {
                    addRepo(
                        org: Int32(o), orgName: orgName, team: teamIndex, domain: domain, used: &used,
                        repoId: &nextRepoId, projectId: &nextProjectId)
                }
                world.teams.append(
                    Team(
                        org: Int32(o), repoRange: first..<Int32(world.repos.count),
                        region: Int32(pickRegion())))
            }
            world.orgs.append(
                Org(
                    name: world.arena.intern(orgName), id: orgId,
                    // One org in larger worlds has IP disclosure off: its audit events carry no actor_ip.
                    disclosesIP: !(config.orgs >= 3 && o == config.orgs - 1),
                    repoRange: repoStart..<Int32(world.repos.count), teamRange: teamStart..<Int32(world.teams.count)))
        }
        world.publicRepos = world.repos.indices.filter { world.repos[$0].isPublic }.map { Int32($0) }
    }

    private mutating func addRepo(
        org: Int32, orgName: String, team: Int32, domain: String?, used: inout Set<String>,
        repoId: inout Int64, projectId: inout Int32
    ) {
        var name = ""
        for attempt in 0..<12 {
            name = repoName(domain: attempt < 6 ? domain : nil)
            if !used.contains(name) { break }
        }
        if used.contains(name) {
            var k = 2
            while used.contains("\(name)-\(k)") { k += 1 }
            name = "\(name)-\(k)"
        }
        used.insert(name)
        let language: UInt8
        if name.contains("terraform") || name.contains("helm") || name.contains("k8s") || name.contains("infra")
            || name.contains("ansible")
        {
            language = 5
        } else if name.contains("ios") || name.contains("android") || name.contains("mobile") {
            language = 6
        } else {
            language = UInt8(rng.below(5))
        }
        let pack = Int64(min(500_000_000, max(100_000, rng.lognormal(median: 6_000_000, sigma: 1.5))))
        repoId += Int64(rng.int(1, 40_000))
        projectId += Int32(rng.int(1, 7))
        world.repos.append(
            Repo(
                fullName: world.arena.intern("\(orgName)/\(name)"), org: org, team: team,
                packBytes: language == 6 ? min(500_000_000, pack * 4) : pack,
                refsBytes: Int32(min(400_000, max(300, rng.lognormal(median: 2_500, sigma: 1.1)))),
                maxPull: Int32(min(9000, max(3, rng.lognormal(median: 180, sigma: 1.2)))),
                projectId: projectId, repoId: repoId, language: language,
                isPublic: rng.chance(0.08), usesLFS: language == 6 ? rng.chance(0.6) : rng.chance(0.06),
                hasDependencies: language != 5 && rng.chance(0.35)))
    }

    private mutating func repoName(domain: String?) -> String {
        let roll = rng.unit()
        if domain == nil && roll < 0.12 {
            return WordLists.repoClassics[rng.below(WordLists.repoClassics.count)]
        }
        var d = WordLists.repoDomains[rng.below(WordLists.repoDomains.count)]
        if let domain, rng.chance(0.4) { d = domain }
        let kind = WordLists.repoKinds[rng.below(WordLists.repoKinds.count)]
        if roll < 0.25 { return d }
        if roll > 0.95 { return "\(d)-\(WordLists.repoDomains[rng.below(WordLists.repoDomains.count)])-\(kind)" }
        return "\(d)-\(kind)"
    }

    // MARK: People

    private mutating func buildHumans() {
        var usedNames = Set<String>()
        let orgWeights = world.orgs.map { Double($0.repoRange.count) }
        let crossOrgCount = config.base.users >= 10 ? max(1, config.base.users / 50) : 0
        for i in 0..<config.base.users {
            let o = pickWeighted(orgWeights)
            let org = world.orgs[o]
            let team =
                org.teamRange.isEmpty
                ? Int32(-1)
                : Int32(
                    rng.int(
                        Int(org.teamRange.lowerBound),
                        Int(org.teamRange.upperBound) - 1))
            let region = team >= 0 && rng.chance(0.85) ? Int(world.teams[Int(team)].region) : pickRegion()
            var name =
                WordLists.firstNames[rng.below(WordLists.firstNames.count)] + "."
                + WordLists.lastNames[rng.below(WordLists.lastNames.count)]
            if usedNames.contains(name) {
                var k = 2
                while usedNames.contains("\(name)\(k)") { k += 1 }
                name = "\(name)\(k)"
            }
            usedNames.insert(name)
            let stride = config.base.users / max(1, crossOrgCount)
            let isCrossOrg = crossOrgCount > 0 && i % stride == stride / 2
            let homeStart = Int32(world.homeRepos.count)
            if isCrossOrg {
                for r in rng.distinct(rng.int(30, 80), from: world.repos.count) { world.homeRepos.append(Int32(r)) }
            } else {
                appendHomeSet(org: o, team: team)
            }
            let ipStart = Int32(world.actorIPs.count)
            world.actorIPs.append(world.arena.intern("10.\(20 + region).\(i / 250 % 256).\(i % 250 + 2)"))
            world.actorIPs.append(world.arena.intern("10.\(200 + i / 64_000 % 50).\(i / 250 % 256).\(i % 250 + 2)"))
            if rng.chance(0.6) {
                world.actorIPs.append(world.arena.intern(publicAddress(residential: true, region: region)))
            }
            let countries = world.regions[region].countries
            let sigma = 0.9
            let apiTool = UserAgents.apiTools[rng.skewedIndex(UserAgents.apiTools.count, skew: 1.6)]
            let actor = Actor(
                name: world.arena.intern(name), httpUser: world.arena.intern(name),
                id: Int64(10_000 + i * 97 + rng.below(97)), kind: isCrossOrg ? .crossOrg : .user,
                org: Int32(o), team: team, region: Int32(region), country: countries[rng.below(countries.count)],
                workStart: Int32(rng.int(450, 630)), workLength: Int32(rng.int(450, 570)),
                rate: min(12, max(0.05, rng.lognormal(median: exp(-sigma * sigma / 2), sigma: sigma)))
                    * (isCrossOrg ? 3 : 1),
                weekendFactor: rng.chance(0.1) ? 0.3 : 0.03,
                sshShare: rng.chance(0.35) ? 0.9 : 0.05, dotGit: rng.chance(0.8),
                ipStart: ipStart, ipCount: Int32(world.actorIPs.count) - ipStart,
                gitUA: world.developerGitUAs[rng.skewedIndex(world.developerGitUAs.count, skew: 1.8)],
                browserUA: world.browserUAs[rng.skewedIndex(world.browserUAs.count, skew: 1.5)],
                apiUA: world.arena.intern(apiTool),
                apiBasic: apiTool.hasPrefix("curl") || apiTool.hasPrefix("python")
                    || apiTool.hasPrefix("Go-") || apiTool.hasPrefix("Postman"),
                lfsUA: world.arena.intern(UserAgents.lfs[rng.below(UserAgents.lfs.count)]),
                homeStart: homeStart, homeCount: Int32(world.homeRepos.count) - homeStart,
                activeFromHour: 0, hashedToken: token(), tokenId: Int64(rng.int(10_000_000, 99_999_999)),
                accessType: UInt8(rng.chance(0.55) ? 0 : (rng.chance(0.55) ? 1 : 2)),
                travelDay: -1, travelIP: .empty)
            if team >= 0 { world.teams[Int(team)].members.append(Int32(world.actors.count)) }
            world.humans.append(Int32(world.actors.count))
            world.actors.append(actor)
        }
    }

    /// Team repositories first (shuffled, so favourites differ), then org-wide ones and a few strays.
    private mutating func appendHomeSet(org o: Int, team: Int32) {
        let org = world.orgs[o]
        var set: [Int32] = []
        if team >= 0 {
            let range = world.teams[Int(team)].repoRange
            let picks = rng.distinct(min(range.count, rng.int(6, 14)), from: range.count)
            set += picks.map { range.lowerBound + Int32($0) }
        }
        for _ in 0..<rng.int(1, 4) {
            set.append(org.repoRange.lowerBound + Int32(rng.below(org.repoRange.count)))
        }
        if rng.chance(0.05) { set.append(Int32(rng.below(world.repos.count))) }
        var seen = Set<Int32>()
        for r in set where seen.insert(r).inserted { world.homeRepos.append(r) }
    }

    // MARK: Automation

    private mutating func buildBots() {
        var ciNames = Set<String>()
        for b in 0..<config.bots {
            let kind: ActorKind
            switch b {
            case 0: kind = .mirror
            case 2: kind = .indexer
            case 3: kind = .dependabot
            case 4: kind = .deployApp
            default: kind = .ciBot
            }
            var name: String
            var httpUser: String
            let homeStart = Int32(world.homeRepos.count)
            let ipStart = Int32(world.actorIPs.count)
            var rate = 1.0
            var accessType: UInt8 = 0
            switch kind {
            case .mirror, .indexer:
                name = kind == .mirror ? "mirror-backup" : "code-indexer"
                httpUser = name
                world.actorIPs.append(world.arena.intern(kind == .mirror ? "10.50.0.10" : "10.50.0.21"))
            case .dependabot, .deployApp:
                name = kind == .dependabot ? "dependabot[bot]" : ""
                httpUser = "x-access-token"
                accessType = 3
                world.actorIPs.append(world.ciIPs[rng.below(world.ciIPs.count)])
                if kind == .deployApp {
                    for r in rng.distinct(max(3, world.repos.count / 5), from: world.repos.count) {
                        world.homeRepos.append(Int32(r))
                    }
                }
            default:
                let team = world.teams.isEmpty ? -1 : rng.below(world.teams.count)
                let range =
                    team >= 0 && !world.teams[team].repoRange.isEmpty
                    ? world.teams[team].repoRange : Int32(0)..<Int32(world.repos.count)
                for r in rng.distinct(rng.int(2, 10), from: range.count) {
                    world.homeRepos.append(range.lowerBound + Int32(r))
                }
                let first = world.string(world.repos[Int(world.homeRepos[Int(homeStart)])].fullName)
                let word = first.split(separator: "/").last.map { String($0.split(separator: "-")[0]) } ?? "build"
                name = "ci-bot-\(word)"
                if ciNames.contains(name) {
                    var k = 2
                    while ciNames.contains("\(name)-\(k)") { k += 1 }
                    name = "\(name)-\(k)"
                }
                ciNames.insert(name)
                httpUser = name
                rate = min(2000, max(20, rng.lognormal(median: 140, sigma: 0.7)))
                for p in rng.distinct(rng.int(2, 6), from: world.ciIPs.count) { world.actorIPs.append(world.ciIPs[p]) }
            }
            let ua =
                kind == .ciBot
                ? UserAgents.automationGit[rng.below(UserAgents.automationGit.count)]
                : (kind == .mirror ? "git/2.39.5" : "git/2.45.2")
            let actor = Actor(
                name: world.arena.intern(name), httpUser: world.arena.intern(httpUser),
                id: Int64(rng.int(5_000_000, 9_000_000)), kind: kind, org: 0, team: -1, region: 2,
                country: world.regions[0].countries[0], workStart: 0, workLength: 1440, rate: rate,
                weekendFactor: 1, sshShare: 0, dotGit: true, ipStart: ipStart,
                ipCount: Int32(world.actorIPs.count) - ipStart, gitUA: world.arena.intern(ua),
                browserUA: world.browserUAs[0], apiUA: world.downloadUAs[0], apiBasic: true,
                lfsUA: world.arena.intern(UserAgents.lfs[1]),
                homeStart: homeStart, homeCount: Int32(world.homeRepos.count) - homeStart, activeFromHour: 0,
                hashedToken: token(), tokenId: Int64(rng.int(10_000_000, 99_999_999)), accessType: accessType,
                travelDay: -1, travelIP: .empty)
            if kind == .ciBot { world.ciBots.append(Int32(world.actors.count)) }
            world.actors.append(actor)
        }
    }

    // MARK: Helpers

    /// A base64 SHA-256-looking token hash (43 characters and `=`).
    private mutating func token() -> Text {
        let alphabet = ASCII.base64
        var bytes: [UInt8] = (0..<43).map { _ in alphabet[rng.below(64)] }
        bytes.append(UInt8(ascii: "="))
        return bytes.withUnsafeBufferPointer { world.arena.append(bytes: $0) }
    }

    /// A plausible public address: a residential ISP range of the region, or a hosting range for attackers.
    mutating func publicAddress(residential: Bool, region: Int = -1) -> String {
        Self.publicAddress(residential: residential, region: region, rng: &rng)
    }

    /// First octets (IPv4) and prefixes (IPv6) of residential ISPs per region, indexed like `World.regions`.
    private static let residentialV4: [[Int]] = [
        [73, 24, 71, 98, 68, 76, 108, 174], [73, 24, 99, 174, 70, 142],
        [81, 86, 90, 92, 2, 31], [84, 37, 93, 95, 79, 82], [49, 106, 117, 122, 223], [126, 60, 110, 153, 220],
    ]
    private static let residentialV6 = [
        ["2601:647", "2600:1700"], ["2601:18c", "2607:fea8"], ["2a00:23c5", "2a02:c7c"],
        ["2a02:8108", "2a01:e0a"], ["2409:4040", "2405:201"], ["240d:1a", "2400:4050"],
    ]

    /// IPv6 prefixes of VPS and cloud hosting providers.
    private static let hostingV6 = ["2a03:b0c0:3", "2604:a880:400", "2a01:4f8:c17", "2001:19f0:6001"]

    static func publicAddress(residential: Bool, region: Int = -1, rng: inout SynthRandom) -> String {
        let r = region >= 0 && region < residentialV4.count ? region : rng.below(residentialV4.count)
        if rng.chance(0.18) {
            let prefixes = residential ? residentialV6[r] : hostingV6
            var text = prefixes[rng.below(prefixes.count)]
            for _ in 0..<(8 - text.split(separator: ":").count) {
                text += ":" + String(rng.int(residential ? 0x1 : 0x0, 0xffff), radix: 16)
            }
            return text
        }
        let firsts = residential ? residentialV4[r] : [45, 104, 185, 139, 159, 5, 193, 91, 146, 154, 167, 178]
        return "\(firsts[rng.below(firsts.count)]).\(rng.int(1, 254)).\(rng.int(0, 255)).\(rng.int(1, 254))"
    }

    private mutating func pickRegion() -> Int { pickWeighted(world.regions.map(\.weight)) }

    private mutating func pickWeighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = rng.unit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }

    /// Splits `total` into parts proportional to `weights`, each at least `minimum` when possible.
    private func split(_ total: Int, weights: [Double], minimum: Int) -> [Int] {
        guard !weights.isEmpty else { return [] }
        let sum = weights.reduce(0, +)
        let floor = min(minimum, total / weights.count)
        let spare = total - floor * weights.count
        var parts = weights.map { floor + Int(Double(spare) * $0 / sum) }
        var i = 0
        while parts.reduce(0, +) < total {
            parts[i % parts.count] += 1
            i += 1
        }
        return parts
    }
}
