/// What a request or audit event did, as far as exfiltration is concerned.
///
/// Raw values are lane indices into per-actor counters (``Observation``), so keep them dense.
public enum ActionClass: UInt8, Sendable, CaseIterable {
    /// Git pack transfer to the client: `POST …/git-upload-pack`, `git.clone`. In access logs a
    /// clone and a fetch look alike, so both are `clone` there.
    case clone = 0
    /// `git.fetch` in audit logs.
    case fetch = 1
    /// `git-receive-pack`, `git.push`.
    case push = 2
    /// Git LFS object download (`…/info/lfs/objects/<oid>`, GitLab `…/gitlab-lfs/objects/<oid>`).
    case lfs = 3
    /// Source archive download (zipball, tarball, `/-/archive/`, `repo.download_zip`).
    case archive = 4
    /// Project export or migration archive (GitLab export API, GitHub migrations).
    case export = 5
    /// Anything else: web UI, API reads, the smart-HTTP handshake, denied requests.
    case other = 6

    /// The name used in alerts and reports.
    public var name: String {
        switch self {
        case .clone: "clone"
        case .fetch: "fetch"
        case .push: "push"
        case .lfs: "lfs"
        case .archive: "archive"
        case .export: "export"
        case .other: "other"
        }
    }

    /// True for actions that move repository content to the client.
    public var isTransferOut: Bool {
        switch self {
        case .clone, .fetch, .lfs, .archive, .export: true
        case .push, .other: false
        }
    }
}
