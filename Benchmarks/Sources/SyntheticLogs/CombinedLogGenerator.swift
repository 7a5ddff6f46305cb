import ExfilWatch

/// Writes a realistic nginx combined log of a self-hosted git server: web UI pages and assets
/// (anonymous `-` user, browser agents, referers), REST and GraphQL API calls, git smart-HTTP
/// clones and fetches (a 401 challenge, the authenticated `info/refs` handshake, then the
/// `git-upload-pack` transfer), pushes, LFS downloads, archive downloads, scanners' 404s, and now
/// and then one user cloning dozens of repositories in minutes (what exfilwatch alerts on).
///
/// Deterministic for a seed; time moves forward by a random gap per line around the mean rate.
public struct CombinedLogGenerator: Sendable {
    public let population: Population
    private var rng: SplitMix64
    /// Current event time, milliseconds since the Unix epoch (UTC).
    public private(set) var clockMillis: Int64
    private let meanGapMillis: Int
    private var burst: (user: Int, remaining: Int, next: Int64)?
    private var stampSecond: Int64 = .min
    private var stamp: [UInt8] = []

    static let browserAgents: [[UInt8]] = [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    ].map { Array($0.utf8) }
    static let gitAgents: [[UInt8]] = [
        "git/2.43.0", "git/2.39.3 (Apple Git-146)", "git/2.45.1", "JGit/6.9.0.202403050737-r", "git/2.34.1",
    ].map { Array($0.utf8) }
    static let apiAgents: [[UInt8]] = [
        "python-requests/2.31.0", "curl/8.5.0", "octokit-rest.js/20.1.0", "Go-http-client/2.0",
        "terraform-provider/6.2.1",
    ].map { Array($0.utf8) }
    static let pathWords: [[UInt8]] = Population.repoWords.map { Array($0.utf8) }
    static let lfsAgent: [UInt8] = Array("git-lfs/3.5.1 (GitHub; linux amd64; go 1.22.2)".utf8)
    static let host: [UInt8] = Array("https://git.example.com/".utf8)
    static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    /// - Parameters:
    ///   - start: time of the first line, seconds since the Unix epoch (UTC).
    ///   - linesPerSecond: mean rate of lines.
    public init(population: Population, seed: UInt64, start: Int64, linesPerSecond: Double) {
        self.population = population
        rng = SplitMix64(seed: seed)
        clockMillis = start * 1000
        meanGapMillis = max(0, Int((1000 / linesPerSecond).rounded()))
    }

    /// Appends whole lines until `writer` holds at least `bytes` bytes.
    public mutating func append(to writer: inout ByteWriter, untilCount bytes: Int) {
        while writer.count < bytes { appendActivity(to: &writer) }
    }

    /// Appends one activity: one to five lines.
    public mutating func appendActivity(to w: inout ByteWriter) {
        if let b = burst, clockMillis >= b.next {
            let repo = rng.below(population.repositories.count)
            let ip = population.userAddresses[b.user][0]
            let user = population.users[b.user]
            gitTransfer(&w, ip: ip, user: user, repo: repo, service: "git-upload-pack", challenge: false)
            burst = b.remaining > 1 ? (b.user, b.remaining - 1, clockMillis + 1000 + Int64(rng.below(4000))) : nil
            return
        }
        if burst == nil && rng.chance(1.0 / 120_000) {
            burst = (rng.below(population.users.count), 40 + rng.below(60), clockMillis)
        }
        let u = rng.mildlySkewed(population.users.count)
        let user = population.users[u]
        let addresses = population.userAddresses[u]
        let ip = addresses[rng.below(addresses.count)]
        let repo = rng.skewed(population.repositories.count)
        let roll = rng.below(1000)
        switch roll {
        case 0..<260: asset(&w, ip: rng.chance(0.1) ? anonymous() : ip)
        case 260..<520: page(&w, ip: ip, repo: repo)
        case 520..<640: api(&w, ip: ip, user: user, repo: repo)
        case 640..<840:
            gitTransfer(&w, ip: ip, user: user, repo: repo, service: "git-upload-pack", challenge: rng.chance(0.5))
        case 840..<880:
            gitTransfer(&w, ip: anonymous(), user: nil, repo: repo, service: "git-upload-pack", challenge: false)
        case 880..<920: gitTransfer(&w, ip: ip, user: user, repo: repo, service: "git-receive-pack", challenge: true)
        case 920..<950: lfs(&w, ip: ip, user: user, repo: repo)
        case 950..<960: archive(&w, ip: ip, repo: repo)
        default: probe(&w)
        }
    }

    private mutating func anonymous() -> [UInt8] {
        population.anonymousAddresses[rng.below(population.anonymousAddresses.count)]
    }

    /// Starts a line: `ip - user [time] "` with the clock moved on.
    private mutating func head(_ w: inout ByteWriter, ip: [UInt8], user: [UInt8]?) {
        clockMillis += Int64(rng.below(2 * meanGapMillis + 1))
        let second = clockMillis / 1000
        if second != stampSecond { formatStamp(second) }
        w.append(ip)
        w.append(" - ")
        if let user { w.append(user) } else { w.append(UInt8(ascii: "-")) }
        w.append(stamp)
    }

    /// ` [10/Oct/2025:13:55:36 +0000] "`
    private mutating func formatStamp(_ second: Int64) {
        stampSecond = second
        let days = Int(second / 86_400)
        let rem = Int(second % 86_400)
        let (y, m, d) = CivilTime.civilFromDays(days)
        var s = ByteWriter(capacity: 32)
        s.append(" [")
        s.padded(d, width: 2)
        s.append(UInt8(ascii: "/"))
        s.append(Self.months[m - 1])
        s.append(UInt8(ascii: "/"))
        s.decimal(y)
        s.append(UInt8(ascii: ":"))
        s.padded(rem / 3600, width: 2)
        s.append(UInt8(ascii: ":"))
        s.padded(rem / 60 % 60, width: 2)
        s.append(UInt8(ascii: ":"))
        s.padded(rem % 60, width: 2)
        s.append(" +0000] \"")
        stamp = s.bytes
    }

    /// `" status bytes "referer" "agent"\n`
    private func tail(_ w: inout ByteWriter, status: Int, bytes: Int, referer: [UInt8]?, agent: [UInt8]) {
        w.append(" HTTP/1.1\" ")
        w.decimal(status)
        w.append(UInt8(ascii: " "))
        w.decimal(bytes)
        w.append(" \"")
        if let referer { w.append(referer) } else { w.append(UInt8(ascii: "-")) }
        w.append("\" \"")
        w.append(agent)
        w.append("\"\n")
    }

    private mutating func asset(_ w: inout ByteWriter, ip: [UInt8]) {
        head(&w, ip: ip, user: nil)
        switch rng.below(4) {
        case 0:
            w.append("GET /assets/application-")
            w.hex(rng.next(), count: 16)
            w.append(".js")
        case 1:
            w.append("GET /assets/vendor-")
            w.hex(rng.next(), count: 12)
            w.append(".css")
        case 2:
            w.append("GET /avatars/u/")
            w.decimal(rng.below(population.users.count))
            w.append("?s=40&v=4")
        default: w.append("GET /favicon.ico")
        }
        let cached = rng.chance(0.4)
        tail(
            &w, status: cached ? 304 : 200, bytes: cached ? 0 : 800 + rng.below(300_000), referer: Self.host,
            agent: Self.browserAgents[rng.below(3)])
    }

    private mutating func page(_ w: inout ByteWriter, ip: [UInt8], repo: Int) {
        head(&w, ip: ip, user: nil)
        let name = population.repositories[repo]
        w.append("GET /")
        w.append(name)
        switch rng.below(6) {
        case 0: break
        case 1:
            w.append("/tree/main/src/")
            w.append(Self.pathWords[rng.below(Self.pathWords.count)])
        case 2: w.append("/blob/main/README.md")
        case 3:
            w.append("/pull/")
            w.decimal(1 + rng.below(5000))
            w.append("/files")
        case 4: w.append("/commits/main?after=")
        default:
            w.append("/issues?q=is%3Aopen+label%3Abug&page=")
            w.decimal(1 + rng.below(5))
        }
        tail(
            &w, status: rng.chance(0.02) ? 404 : 200, bytes: 20_000 + rng.below(200_000), referer: Self.host,
            agent: Self.browserAgents[rng.below(3)])
    }

    private mutating func api(_ w: inout ByteWriter, ip: [UInt8], user: [UInt8], repo: Int) {
        let authenticated = rng.chance(0.6)
        head(&w, ip: ip, user: authenticated ? user : nil)
        let name = population.repositories[repo]
        switch rng.below(4) {
        case 0:
            w.append("GET /api/v3/repos/")
            w.append(name)
            w.append("/pulls?state=open&per_page=100")
        case 1:
            w.append("GET /api/v3/repos/")
            w.append(name)
            w.append("/commits/")
            w.hex(rng.next(), count: 16)
            w.append("/status")
        case 2:
            w.append("GET /api/v4/projects/")
            w.decimal(1 + repo)
            w.append("/merge_requests?state=opened")
        default: w.append("POST /api/graphql")
        }
        tail(
            &w, status: rng.chance(0.03) ? 401 : 200, bytes: 300 + rng.below(60_000), referer: nil,
            agent: Self.apiAgents[rng.below(Self.apiAgents.count)])
    }

    /// A smart-HTTP exchange: optional 401 challenge, the `info/refs` handshake, then the pack.
    private mutating func gitTransfer(
        _ w: inout ByteWriter, ip: [UInt8], user: [UInt8]?, repo: Int, service: StaticString, challenge: Bool
    ) {
        let name = population.repositories[repo]
        let agent = Self.gitAgents[rng.below(Self.gitAgents.count)]
        for step in (challenge ? 0 : 1)..<3 {
            head(&w, ip: ip, user: step == 0 ? nil : user)
            w.append(step == 2 ? "POST /" : "GET /")
            w.append(name)
            w.append(".git/")
            if step < 2 {
                w.append("info/refs?service=")
                w.append(service)
                tail(
                    &w, status: step == 0 ? 401 : 200, bytes: step == 0 ? 0 : 200 + rng.below(40_000), referer: nil,
                    agent: agent)
            } else {
                w.append(service)
                let size = 2_000 << rng.below(17)
                tail(&w, status: 200, bytes: size + rng.below(size), referer: nil, agent: agent)
            }
        }
    }

    private mutating func lfs(_ w: inout ByteWriter, ip: [UInt8], user: [UInt8], repo: Int) {
        let name = population.repositories[repo]
        head(&w, ip: ip, user: user)
        w.append("POST /")
        w.append(name)
        w.append(".git/info/lfs/objects/batch")
        tail(&w, status: 200, bytes: 400 + rng.below(2000), referer: nil, agent: Self.lfsAgent)
        for _ in 0..<(1 + rng.below(3)) {
            head(&w, ip: ip, user: user)
            w.append("GET /")
            w.append(name)
            w.append(".git/info/lfs/objects/")
            for _ in 0..<4 { w.hex(rng.next(), count: 16) }
            tail(&w, status: 200, bytes: 100_000 + rng.below(50_000_000), referer: nil, agent: Self.lfsAgent)
        }
    }

    private mutating func archive(_ w: inout ByteWriter, ip: [UInt8], repo: Int) {
        head(&w, ip: ip, user: nil)
        w.append("GET /")
        w.append(population.repositories[repo])
        w.append("/archive/refs/heads/main.zip")
        tail(
            &w, status: 200, bytes: 50_000 + rng.below(20_000_000), referer: Self.host,
            agent: Self.browserAgents[rng.below(3)])
    }

    private mutating func probe(_ w: inout ByteWriter) {
        head(&w, ip: anonymous(), user: nil)
        let paths: [StaticString] = ["GET /.env", "GET /wp-login.php", "GET /.git/config", "HEAD /", "GET /robots.txt"]
        w.append(paths[rng.below(paths.count)])
        tail(
            &w, status: rng.chance(0.8) ? 404 : 200, bytes: 150 + rng.below(500), referer: nil,
            agent: Self.apiAgents[1])
    }
}
