/// What happened, independent of the log format that records it.
///
/// One event becomes zero or more nginx lines (a git clone is a handshake plus a pack transfer, sometimes
/// preceded by a 401 challenge) and zero or one audit line.
enum EventKind: UInt8 {
    /// Full clone over smart HTTP (or SSH): pack size ≈ the repository.
    case gitClone
    /// Incremental fetch/pull: small pack, sometimes nothing new.
    case gitFetch
    /// Push over `git-receive-pack`.
    case gitPush
    /// git-lfs batch request plus object downloads.
    case lfsDownload
    /// Source archive download (`/archive/refs/heads/main.zip`, `/zipball/main`, `/tarball/main`).
    case archive
    /// GitLab-style project export request: `POST /api/v4/projects/<id>/export` and a status poll.
    case exportStart
    /// GitLab-style export download: `GET /api/v4/projects/<id>/export/download`.
    case exportDownload
    /// GitHub organisation migration: `POST /orgs/<org>/migrations` then `…/archive`.
    case migration
    /// A browser page view with its assets.
    case webPage
    /// A REST or GraphQL API call.
    case apiCall
    /// A non-git audit action (`pull_request.merge`, `repo.create`, …) and the browser POST behind it.
    case auditNoise
    /// Load-balancer health check.
    case healthCheck
    /// Internet scanner probe of a well-known path.
    case scannerProbe
    /// Garbage on the HTTP port (TLS handshake bytes, SSH banners, empty requests): nginx answers 400.
    case oddRequest
    /// Sign-in flow: `GET /login`, `POST /session`.
    case login
    /// Request for a repository that does not exist (typo): 404.
    case missingRepo
}

/// Bit flags of an event.
enum EventFlag {
    /// Part of a labelled incident; never turned into a malformed line.
    static let malicious: UInt8 = 1
    /// git over SSH: appears in the audit log only.
    static let ssh: UInt8 = 2
    /// The client first tried without credentials and got a 401.
    static let challenge: UInt8 = 4
    /// The remote URL has no `.git` suffix.
    static let noDotGit: UInt8 = 8
    /// Anonymous (no account): nginx user `-`, audit actor empty.
    static let anonymous: UInt8 = 16
    /// Authenticated with HTTP basic auth (nginx logs `$remote_user`); browsers and token headers do not.
    static let basicAuth: UInt8 = 32
    /// Variant bit: tarball instead of zip, GitHub- instead of GitLab-style path, and similar.
    static let variant: UInt8 = 64
    /// Fresh clone by a new hire / a mirror: audit `git.clone` even though the kind may be fetch-like.
    static let automation: UInt8 = 128
}

/// One world-level event. A trivial 48-byte value: no references, so batches sort and copy cheaply.
struct SynthEvent {
    /// Request start, epoch milliseconds (UTC).
    var time: Int64
    /// Per-event randomness for formatting details (sizes, ids, durations).
    var seed: UInt64
    /// Index into `World.actors`, or -1 for anonymous traffic.
    var actor: Int32
    /// Index into `World.repos`, or -1.
    var repo: Int32
    /// Client address.
    var ip: Text
    /// Client user agent.
    var ua: Text
    /// Kind-specific detail: page type, audit action, export id, probe path, …
    var aux: Int32
    var kind: EventKind
    /// `EventFlag` bits.
    var flags: UInt8
    /// Index of the nginx server that handled it.
    var server: UInt8

    @inline(__always) func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}
