/// The people, machines and repositories of a synthetic company: a few thousand users with one to
/// four client addresses each (office, VPN, home, CI runner), a few thousand repositories in a
/// hundred-odd organisations, and anonymous addresses. Names are plain ASCII byte arrays, built once.
public struct Population: Sendable {
    public let users: [[UInt8]]
    /// Client addresses of each user, parallel to ``users``.
    public let userAddresses: [[[UInt8]]]
    /// `org/repo`.
    public let repositories: [[UInt8]]
    /// Organisation of each repository, parallel to ``repositories``.
    public let repositoryOrgs: [[UInt8]]
    /// Addresses of unauthenticated visitors and scanners.
    public let anonymousAddresses: [[UInt8]]

    static let firstNames = [
        "anna", "ben", "carla", "dev", "elena", "farid", "grace", "hiro", "ines", "jonas", "kofi", "lena", "marco",
        "nadia", "omar", "priya", "quinn", "rosa", "sven", "tara", "umar", "vera", "wei", "ximena", "yusuf", "zoe",
    ]
    static let lastNames = [
        "ahmed", "bauer", "chen", "diaz", "eriksen", "fischer", "garcia", "haddad", "ito", "jensen", "kim", "lopez",
        "martin", "nguyen", "okafor", "patel", "qureshi", "rossi", "silva", "tanaka", "ueda", "varga", "wagner",
        "xu", "yilmaz", "zhang",
    ]
    static let orgWords = [
        "platform", "payments", "data", "infra", "mobile", "web", "security", "ml", "search", "identity", "billing",
        "growth", "core", "devtools", "observability", "storage", "network", "partner", "support", "finance",
    ]
    static let repoWords = [
        "api", "service", "gateway", "worker", "frontend", "backend", "sdk", "cli", "terraform", "helm-charts",
        "docs", "schema", "pipeline", "ingest", "auth", "ledger", "scheduler", "proxy", "agent", "dashboard",
        "migrations", "config", "protos", "tests", "benchmarks", "website", "app", "lib", "tools", "monorepo",
    ]

    /// - Parameters:
    ///   - users: number of user accounts.
    ///   - repositories: number of repositories.
    public init(users userCount: Int = 3000, repositories repoCount: Int = 2500, seed: UInt64 = 7) {
        var rng = SplitMix64(seed: seed)
        func publicAddress() -> [UInt8] {
            Array("\(1 + rng.below(223)).\(rng.below(256)).\(rng.below(256)).\(1 + rng.below(254))".utf8)
        }
        var users: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        while users.count < userCount {
            let first = Self.firstNames[rng.below(Self.firstNames.count)]
            let last = Self.lastNames[rng.below(Self.lastNames.count)]
            var name = rng.chance(0.5) ? "\(first.prefix(1))\(last)" : "\(first).\(last)"
            if rng.chance(0.3) { name += String(rng.below(90) + 10) }
            if rng.chance(0.02) { name = "svc-\(last)-ci" }
            if seen.insert(Array(name.utf8)).inserted { users.append(Array(name.utf8)) }
        }
        var addresses: [[[UInt8]]] = []
        for i in 0..<userCount {
            var own: [[UInt8]] = [Array("10.\(20 + i % 40).\(i / 40 % 250).\(1 + i % 250)".utf8)]
            if rng.chance(0.6) { own.append(Array("172.16.\(rng.below(64)).\(1 + rng.below(254))".utf8)) }
            if rng.chance(0.4) {
                own.append(publicAddress())
            }
            if rng.chance(0.15) {
                own.append(Array("2001:db8:\(String(rng.below(65536), radix: 16))::\(1 + rng.below(999))".utf8))
            }
            addresses.append(own)
        }
        let orgCount = max(1, repoCount / 20)
        var orgs: [String] = []
        for i in 0..<orgCount {
            let word = Self.orgWords[i % Self.orgWords.count]
            orgs.append(i < Self.orgWords.count ? word : "\(word)-\(i / Self.orgWords.count)")
        }
        var repos: [[UInt8]] = []
        var repoOrgs: [[UInt8]] = []
        var repoSeen = Set<String>()
        while repos.count < repoCount {
            let org = orgs[rng.skewed(orgs.count)]
            let a = Self.repoWords[rng.below(Self.repoWords.count)]
            let b = Self.repoWords[rng.below(Self.repoWords.count)]
            var name = rng.chance(0.5) ? "\(org)/\(a)-\(b)" : "\(org)/\(org.prefix(4))-\(a)"
            if !repoSeen.insert(name).inserted { name += "-\(repos.count)" }
            repoSeen.insert(name)
            repos.append(Array(name.utf8))
            repoOrgs.append(Array(org.utf8))
        }
        var anonymous: [[UInt8]] = []
        for _ in 0..<800 {
            anonymous.append(publicAddress())
        }
        self.users = users
        self.userAddresses = addresses
        self.repositories = repos
        self.repositoryOrgs = repoOrgs
        self.anonymousAddresses = anonymous
    }
}
