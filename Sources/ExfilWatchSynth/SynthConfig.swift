/// Which log formats `SynthGenerator` writes.
public enum SynthFormat: String, Sendable, Codable, CaseIterable {
    /// nginx combined access log: `access.log.gz` (or `access-<k>.log.gz` with several servers).
    case combined
    /// GitHub audit-log JSON Lines: `audit.jsonl.gz`.
    case githubAudit = "github-audit"
    /// Both of the above, rendered from the same world and timeline.
    case all

    var writesCombined: Bool { self != .githubAudit }
    var writesAudit: Bool { self != .combined }
}

/// Every parameter of a synthetic dataset. Defaults match `exfilwatch synth` without flags.
///
/// Optional counts (`bots`, `repos`, `orgs`, `incidents`) are derived from `users` and `days` when `nil`;
/// `resolved()` returns the numbers actually used, which the manifest records.
public struct SynthConfig: Sendable, Equatable {
    /// Output directory; created if missing.
    public var outputDirectory: String
    /// Number of days of logs (1…3660).
    public var days: Int = 7
    /// Number of human accounts (1…1,000,000).
    public var users: Int = 200
    /// Automation accounts: mirror, CI bots, code indexer, dependabot, a deploy app. `nil`: 5 + users/200.
    public var bots: Int? = nil
    /// Repositories across all orgs. `nil`: max(60, users/2 + 40).
    public var repos: Int? = nil
    /// Organisations. `nil`: 3 + users/2500, at most 12.
    public var orgs: Int? = nil
    /// PRNG seed; the same configuration and seed give byte-identical output.
    public var seed: UInt64 = 1
    /// First day of the dataset, `YYYY-MM-DD` (UTC midnight). The default is a Monday.
    public var startDate: String = "2025-11-03"
    /// Formats to write.
    public var format: SynthFormat = .all
    /// Number of nginx servers the combined log is split across (1…64).
    public var servers: Int = 1
    /// Number of labelled incidents. `nil`: 0 when `days` ≤ 2, else max(6, (days − 2) × 2 / 3).
    public var incidents: Int? = nil
    /// nginx `$time_local` offset from UTC in minutes (−840…840); the default −480 is `-0800`.
    public var timeZoneOffsetMinutes: Int = -480
    /// zlib level 1–9. Level 1 keeps compression well above the 50 MB/s target on one core.
    public var compressionLevel: Int = 1
    /// Overwrite existing non-empty output files.
    public var force: Bool = false

    /// Days at the start of the dataset with no incidents, so detectors can learn a baseline first.
    public static let incidentFreeDays = 2

    /// Creates a configuration writing into `outputDirectory` with every other parameter at its default.
    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    /// Parses an nginx-style offset such as `-0800`, `+0530` or `+01:00` into minutes east of UTC.
    /// - Returns: `nil` when the text is not `±HHMM` / `±HH:MM` with HH ≤ 14 and MM < 60.
    public static func parseOffset(_ text: String) -> Int? {
        let bytes = Array(text.utf8).filter { $0 != UInt8(ascii: ":") }
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") else {
            return nil
        }
        var digits: [Int] = []
        for b in bytes[1...] {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            digits.append(Int(b - UInt8(ascii: "0")))
        }
        let hours = digits[0] * 10 + digits[1]
        let minutes = digits[2] * 10 + digits[3]
        guard hours <= 14, minutes < 60 else { return nil }
        let total = hours * 60 + minutes
        return bytes[0] == UInt8(ascii: "-") ? -total : total
    }

    /// Formats minutes east of UTC as nginx does (`-0800`).
    public static func formatOffset(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : "+"
        let magnitude = abs(minutes)
        let hh = magnitude / 60
        let mm = magnitude % 60
        return sign + (hh < 10 ? "0" : "") + String(hh) + (mm < 10 ? "0" : "") + String(mm)
    }

    /// The configuration with every derived count filled in.
    /// - Throws: `SynthError` naming the offending flag when a value is out of range.
    public func resolved() throws -> ResolvedSynthConfig {
        func check(_ ok: Bool, _ flag: String, _ reason: String) throws {
            if !ok { throw SynthError(path: flag, reason: reason) }
        }
        try check(!outputDirectory.isEmpty, "--out", "output directory must not be empty")
        try check((1...3660).contains(days), "--days", "must be between 1 and 3660, got \(days)")
        try check((1...1_000_000).contains(users), "--users", "must be between 1 and 1000000, got \(users)")
        let bots = self.bots ?? (5 + users / 200)
        try check((0...100_000).contains(bots), "--bots", "must be between 0 and 100000, got \(bots)")
        let repos = self.repos ?? max(60, users / 2 + 40)
        try check((10...2_000_000).contains(repos), "--repos", "must be between 10 and 2000000, got \(repos)")
        let orgs = self.orgs ?? min(12, 3 + users / 2500)
        try check((1...200).contains(orgs), "--orgs", "must be between 1 and 200, got \(orgs)")
        try check(orgs * 5 <= repos, "--orgs", "needs at least 5 repositories per org (\(orgs) orgs, \(repos) repos)")
        try check((1...64).contains(servers), "--servers", "must be between 1 and 64, got \(servers)")
        let defaultIncidents = days <= Self.incidentFreeDays ? 0 : max(6, (days - Self.incidentFreeDays) * 2 / 3)
        let incidents = self.incidents ?? defaultIncidents
        try check((0...100_000).contains(incidents), "--incidents", "must be between 0 and 100000")
        try check(
            incidents == 0 || days > Self.incidentFreeDays, "--incidents",
            "incidents need more than \(Self.incidentFreeDays) days (the first days are incident-free)")
        try check((-840...840).contains(timeZoneOffsetMinutes), "--tz-offset", "must be within ±14:00")
        try check((1...9).contains(compressionLevel), "--compression-level", "must be between 1 and 9")
        guard let startDay = CivilTime.parseDate(startDate) else {
            throw SynthError(path: "--start", reason: "expected YYYY-MM-DD, got \(startDate)")
        }
        return ResolvedSynthConfig(
            base: self, bots: bots, repos: repos, orgs: orgs, incidents: incidents, startDay: startDay)
    }
}

/// A validated `SynthConfig` with derived counts; produced by `SynthConfig.resolved()`.
public struct ResolvedSynthConfig: Sendable {
    /// The configuration as given.
    public let base: SynthConfig
    /// Automation accounts actually generated.
    public let bots: Int
    /// Repositories actually generated.
    public let repos: Int
    /// Organisations actually generated.
    public let orgs: Int
    /// Incidents planned.
    public let incidents: Int
    /// First day as days since 1970-01-01.
    public let startDay: Int

    /// Epoch milliseconds of the first instant of the dataset (UTC midnight of `startDate`).
    var startMs: Int64 { Int64(startDay) * CivilTime.msPerDay }
    /// Epoch milliseconds just after the last instant of the dataset.
    var endMs: Int64 { startMs + Int64(base.days) * CivilTime.msPerDay }
    /// Total hours generated.
    var hours: Int { base.days * 24 }
}
