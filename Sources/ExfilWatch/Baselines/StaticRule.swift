/// The public SIEM rules that teams run today, reproduced so users can compare them with the
/// baseline detector on their own data (`--detector NAME`).
///
/// | preset | rule |
/// |---|---|
/// | `elastic-user-clones` | ≥ 25 clones per actor in a sliding 9 minutes (Elastic "high number of cloning by user") |
/// | `elastic-token-repos` | ≥ 10 distinct repositories per actor in 6 minutes (Elastic "cloned repos from PAT"; run with `--actor-key token` for the rule's own keying) |
/// | `chronicle-distinct-repos` | > 5 distinct repositories cloned or downloaded as archives per actor in 30 minutes |
/// | `splunk-3sigma` | a 10-minute bin's transfer count > mean + 3σ of the actor's earlier non-empty bins, after 15 bins |
public enum StaticRule: String, Sendable, CaseIterable {
    case elasticUserClones = "elastic-user-clones"
    case elasticTokenRepos = "elastic-token-repos"
    case chronicleDistinctRepos = "chronicle-distinct-repos"
    case splunk3Sigma = "splunk-3sigma"

    /// Sliding window length, seconds.
    var window: Int64 {
        switch self {
        case .elasticUserClones: 9 * 60
        case .elasticTokenRepos: 6 * 60
        case .chronicleDistinctRepos: 30 * 60
        case .splunk3Sigma: 10 * 60
        }
    }

    /// The count that must be reached (`≥`) to fire.
    var threshold: Int {
        switch self {
        case .elasticUserClones: 25
        case .elasticTokenRepos: 10
        case .chronicleDistinctRepos: 6
        case .splunk3Sigma: 1
        }
    }

    /// Whether an action counts for this rule.
    func counts(_ action: ActionClass) -> Bool {
        switch self {
        case .elasticUserClones: action == .clone
        case .elasticTokenRepos: action == .clone || action == .fetch
        case .chronicleDistinctRepos: action == .clone || action == .archive
        case .splunk3Sigma: action.isTransferOut
        }
    }

    /// True when the rule counts distinct repositories rather than events.
    var isDistinct: Bool { self == .elasticTokenRepos || self == .chronicleDistinctRepos }
}
