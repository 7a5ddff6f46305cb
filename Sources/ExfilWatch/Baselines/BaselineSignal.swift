/// The ten quantities the baseline detector learns and scores per actor and time scale.
///
/// Raw values index the per-scale baseline vectors; ``lane`` says which window counter holds each.
public enum BaselineSignal: Int, CaseIterable, Sendable {
    case clones = 0
    case fetches = 1
    case lfs = 2
    case archives = 3
    case exports = 4
    case bytesOut = 5
    case distinctRepos = 6
    case newRepos = 7
    case namespaces = 8
    case sourceIPs = 9

    /// Number of signals (the Bonferroni factor of the scoring rule).
    static let count = 10

    /// Signals whose population totals can surge (volume, not breadth).
    static let volumeSignals: [BaselineSignal] = [.clones, .fetches, .lfs, .archives, .exports, .bytesOut]

    /// Name in alerts and records, as in ``Alert/Signal/name``.
    public var name: String {
        switch self {
        case .clones: "clones"
        case .fetches: "fetches"
        case .lfs: "lfs"
        case .archives: "archives"
        case .exports: "exports"
        case .bytesOut: "bytes_out"
        case .distinctRepos: "distinct_repos"
        case .newRepos: "new_repos"
        case .namespaces: "namespaces"
        case .sourceIPs: "source_ips"
        }
    }

    /// Where the window counters keep the signal: (`true`, lane) for ``LaneCounts/counts``,
    /// (`false`, lane) for ``LaneCounts/distinct``.
    var lane: (isCount: Bool, index: Int) {
        switch self {
        case .clones: (true, Int(ActionClass.clone.rawValue))
        case .fetches: (true, Int(ActionClass.fetch.rawValue))
        case .lfs: (true, Int(ActionClass.lfs.rawValue))
        case .archives: (true, Int(ActionClass.archive.rawValue))
        case .exports: (true, Int(ActionClass.export.rawValue))
        case .bytesOut: (true, LaneCounts.bytesLane)
        case .distinctRepos: (false, LaneCounts.reposLane)
        case .newRepos: (false, LaneCounts.newReposLane)
        case .namespaces: (false, LaneCounts.namespacesLane)
        case .sourceIPs: (false, LaneCounts.sourcesLane)
        }
    }

    /// Reads the signal from window counters.
    @inline(__always)
    func value(in sums: LaneCounts) -> Double {
        let l = lane
        return Double(l.isCount ? sums.counts[l.index] : sums.distinct[l.index])
    }

    /// Verb phrase for an alert's reason, e.g. "pulled 212 distinct repositories".
    func phrase(_ observed: Double, bytesUnit: Int64) -> String {
        let n = Int(observed.rounded())
        let count = BaselineSignal.counted
        switch self {
        case .clones: return "made \(count(n, "clone", "clones"))"
        case .fetches: return "made \(count(n, "fetch", "fetches"))"
        case .lfs: return "downloaded \(count(n, "LFS object", "LFS objects"))"
        case .archives: return "downloaded \(count(n, "source archive", "source archives"))"
        case .exports: return "requested \(count(n, "project export", "project exports"))"
        case .bytesOut: return "downloaded \(BaselineSignal.formatBytes(observed))"
        case .distinctRepos: return "pulled \(count(n, "distinct repository", "distinct repositories"))"
        case .newRepos: return "pulled \(count(n, "repository", "repositories")) new to this actor"
        case .namespaces: return "touched \(count(n, "namespace", "namespaces"))"
        case .sourceIPs: return "used \(count(n, "source address", "source addresses"))"
        }
    }

    /// "1 namespace", "3 namespaces".
    static func counted(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }

    /// "1.3", "42", "3.1 GiB" style numbers for reasons.
    static func formatNumber(_ v: Double) -> String {
        if v >= 10 || v == v.rounded() { return String(Int(v.rounded())) }
        let tenths = (v * 10).rounded() / 10
        return tenths == 0 ? "<0.1" : String(tenths)
    }

    static func formatBytes(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = bytes
        var i = 0
        while v >= 1024 && i < units.count - 1 {
            v /= 1024
            i += 1
        }
        return "\(formatNumber(v)) \(units[i])"
    }
}
