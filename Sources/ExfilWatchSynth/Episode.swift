/// Labelled incident scenarios (the `scenario` column of `labels.csv`).
enum Scenario: String, CaseIterable {
    /// Hundreds of distinct repositories cloned in minutes, often from a new IP and a scripted client.
    case burstClone = "burst_clone"
    /// Tens of distinct repositories an hour across a working day, from the person's usual IP and client.
    case slowExfil = "slow_exfil"
    /// Zip/tarball downloads of 50–300 repositories within an hour.
    case archiveSweep = "archive_sweep"
    /// Tens of project exports / org migrations in minutes.
    case exportBurst = "export_burst"
    /// A CI bot's token cloning many repositories outside the set it builds.
    case botTokenMisuse = "bot_token_misuse"
    /// A moderate clone burst from an IP and a user agent never seen for that account.
    case newIPClone = "new_ip_clone"
}

/// Hard-negative kinds (the `kind` column of `negatives.csv`): legitimate activity that looks suspicious.
enum NegativeKind: String, CaseIterable {
    case ciBot = "ci_bot"
    case nightlyMirror = "nightly_mirror"
    case codeIndexer = "code_indexer"
    case newHire = "new_hire"
    case scriptedChange = "scripted_change"
    case crossOrgEngineer = "cross_org_engineer"
    case releaseSurge = "release_surge"
    case newIPLegit = "new_ip_legit"
    case appToken = "app_token"
}

/// A scheduled burst of activity that ordinary life does not produce: an incident or an event-producing
/// hard negative. Planned before streaming starts; expanded into events when the clock reaches `start`.
struct Episode {
    enum Kind {
        case incident(Scenario)
        case newHire
        case scriptedChange
        case nightlyMirror
        case codeIndexer
    }

    var kind: Kind
    /// Index into `World.actors`.
    var actor: Int32
    /// Planned start, epoch ms.
    var start: Int64
    /// Planned length, ms.
    var duration: Int64
    /// How many repositories (or exports) it touches.
    var count: Int32
    /// Client address and user agent used throughout.
    var ip: Text
    var ua: Text
    /// Scenario-specific switch: anonymous archive sweep, GitHub-style export, and so on.
    var variant: Bool
    var seed: UInt64
}

/// One row of `labels.csv` or `negatives.csv`: `actor,start,end,<scenario or kind>`, times in epoch ms.
struct WindowRow: Comparable {
    var actor: String
    var start: Int64
    var end: Int64
    var name: String

    static func < (a: WindowRow, b: WindowRow) -> Bool {
        (a.start, a.end, a.actor, a.name) < (b.start, b.end, b.actor, b.name)
    }

    /// The CSV line: RFC 3339 UTC, start rounded down and end rounded up to whole seconds so the window
    /// contains every logged line of the episode.
    var csvLine: String {
        let startSeconds = CivilTime.floorDiv(start, 1000)
        let endSeconds = CivilTime.floorDiv(end + 999, 1000)
        let startText = CivilTime.rfc3339(epochSeconds: startSeconds)
        return "\(actor),\(startText),\(CivilTime.rfc3339(epochSeconds: endSeconds)),\(name)"
    }
}

/// Everything the planner decided before streaming: episodes, surge days and negatives with fixed windows.
struct Plan {
    /// Episodes sorted by start.
    var episodes: [Episode] = []
    /// Per day of the dataset: fetch multiplier (1 on ordinary days, 3–5 on release days).
    var surge: [Double] = []
    /// Negatives whose window is known up front (CI bots, cross-org engineers, surges, travel).
    var fixedNegatives: [WindowRow] = []
}
