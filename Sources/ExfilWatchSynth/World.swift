/// What an account is, which decides how its ordinary activity is generated.
enum ActorKind: UInt8 {
    /// A developer with a home set of repositories, working hours and weekends.
    case user
    /// A platform/SRE engineer whose normal day touches dozens of repositories across orgs (hard negative).
    case crossOrg
    /// A CI machine user: high, steady clone rate on a few repositories, 24/7 (hard negative).
    case ciBot
    /// Nightly backup mirror: clones nearly every repository once a day (hard negative).
    case mirror
    /// Code-search indexer: like the mirror, at another hour (hard negative).
    case indexer
    /// Dependency-update app (`dependabot[bot]`), authenticating over git as `x-access-token`.
    case dependabot
    /// A deployment GitHub App whose audit actor is the empty string, also `x-access-token` over git.
    case deployApp

    var isBot: Bool { self != .user && self != .crossOrg }
}

/// An organisation: a contiguous range of repositories and teams.
struct Org {
    var name: Text
    var id: Int64
    /// Whether the org discloses actor IP addresses in its audit log (when false, `actor_ip` is absent).
    var disclosesIP: Bool
    var repoRange: Range<Int32>
    var teamRange: Range<Int32>
}

/// A team: it owns a contiguous range of its org's repositories and lives mostly in one time zone.
struct Team {
    var org: Int32
    var repoRange: Range<Int32>
    var region: Int32
    /// Indices into `World.actors` of the team's human members (filled while the world is built).
    var members: [Int32] = []
}

/// A repository and the facts that shape its traffic.
struct Repo {
    /// `org/name`.
    var fullName: Text
    var org: Int32
    /// Owning team, or -1 for org-wide repositories.
    var team: Int32
    /// Size of a full clone's pack in bytes (heavy-tailed, 100 KB – 500 MB).
    var packBytes: Int64
    /// Size of the `info/refs` advertisement in bytes (grows with the number of branches and tags).
    var refsBytes: Int32
    /// Highest pull-request number, used to draw realistic `/pull/<n>` paths.
    var maxPull: Int32
    /// GitLab-style numeric project id (`/api/v4/projects/<id>`).
    var projectId: Int32
    /// GitHub repository id (`repo_id` in the audit log).
    var repoId: Int64
    /// Index into `WordLists.pathsByLanguage`.
    var language: UInt8
    var isPublic: Bool
    var usesLFS: Bool
    /// Whether dependabot watches this repository.
    var hasDependencies: Bool
}

/// A region: a UTC offset (no daylight saving) and the countries whose people work in it.
struct Region {
    /// Minutes east of UTC.
    var offsetMinutes: Int
    /// Two-letter country codes for `actor_location.country_code`.
    var countries: [Text]
    /// Relative share of the workforce.
    var weight: Double
}

/// One account: a person or a piece of automation.
struct Actor {
    /// Audit-log `actor` (empty for the deploy app).
    var name: Text
    /// nginx `$remote_user` on basic-auth requests (`x-access-token` for app tokens).
    var httpUser: Text
    var id: Int64
    var kind: ActorKind
    var org: Int32
    var team: Int32
    var region: Int32
    var country: Text
    /// Local minute of the day the working day starts (e.g. 540 for 09:00) and its length in minutes.
    var workStart: Int32
    var workLength: Int32
    /// Activity multiplier (lognormal, mean about 1): sessions per day scale with it.
    var rate: Double
    /// Weekend activity relative to a weekday (most people ~0.03, a few ~0.3).
    var weekendFactor: Double
    /// Share of git operations over SSH (absent from the nginx log, present in the audit log).
    var sshShare: Double
    /// Whether the person's remotes end in `.git`.
    var dotGit: Bool
    /// Range into `World.actorIPs`: office desk, VPN, and optionally home.
    var ipStart: Int32
    var ipCount: Int32
    var gitUA: Text
    var browserUA: Text
    var apiUA: Text
    /// Whether the API client authenticates with HTTP basic auth (scripts) rather than a token header.
    var apiBasic: Bool
    var lfsUA: Text
    /// Range into `World.homeRepos`; the first entries are the most used.
    var homeStart: Int32
    var homeCount: Int32
    /// First hour (since the dataset start) of ordinary activity; > 0 for new hires.
    var activeFromHour: Int32
    /// Token fields of the audit log.
    var hashedToken: Text
    var tokenId: Int64
    /// Index into `AuditFormatter.accessTypes`.
    var accessType: UInt8
    /// A day (since the dataset start) spent travelling on another IP, or -1.
    var travelDay: Int32
    var travelIP: Text
}

/// The generated company: orgs, teams, repositories and accounts, plus the interned strings they use.
///
/// Built once by `WorldBuilder`; read-only while logs are written.
final class World {
    let arena: ByteArena
    var company: Text = .empty
    var businessId: Int64 = 0
    var host: Text = .empty
    var orgs: [Org] = []
    var teams: [Team] = []
    var repos: [Repo] = []
    var actors: [Actor] = []
    var regions: [Region] = []
    var actorIPs: [Text] = []
    var homeRepos: [Int32] = []
    /// Indices of human accounts (users and cross-org engineers).
    var humans: [Int32] = []
    /// Indices of CI bots.
    var ciBots: [Int32] = []
    /// Indices of public repositories (anonymous clones, crawlers, anonymous sweeps).
    var publicRepos: [Int32] = []
    /// Load-balancer health-check source addresses.
    var healthCheckIPs: [Text] = []
    /// Interned user agents by role.
    var scannerUAs: [Text] = []
    var downloadUAs: [Text] = []
    var scriptedUAs: [Text] = []
    var browserUAs: [Text] = []
    var developerGitUAs: [Text] = []
    var healthUA: Text = .empty
    /// CI runner subnet addresses.
    var ciIPs: [Text] = []
    /// Pools of internet addresses for anonymous visitors and scanners (fixed size: memory stays constant).
    var anonymousIPs: [Text] = []
    var scannerIPs: [Text] = []

    init(arena: ByteArena) { self.arena = arena }

    /// The IP address the actor uses in slot `slot` (wrapping).
    @inline(__always)
    func ip(of actor: Actor, slot: Int) -> Text {
        actorIPs[Int(actor.ipStart) + slot % max(1, Int(actor.ipCount))]
    }

    /// The `k`-th home repository of an actor.
    @inline(__always)
    func homeRepo(of actor: Actor, _ k: Int) -> Int32 { homeRepos[Int(actor.homeStart) + k] }

    /// Decodes a `Text` (slow path).
    func string(_ t: Text) -> String { arena.string(t) }
}
