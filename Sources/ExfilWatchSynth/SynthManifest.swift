/// What a `SynthGenerator` run wrote: parameters, files with line and byte counts, and label counts.
///
/// Written as `manifest.json` (pretty-printed, sorted keys) next to the logs. Nothing in it depends on
/// wall-clock time, so the manifest is as deterministic as the logs.
public struct SynthManifest: Codable, Sendable, Equatable {
    /// One output file.
    public struct File: Codable, Sendable, Equatable {
        /// File name relative to the output directory, e.g. `access.log.gz`.
        public var name: String
        /// `combined`, `github-audit` or `csv`.
        public var format: String
        /// Lines written, including malformed ones.
        public var lines: Int64
        /// Deliberately malformed lines (truncated or binary junk), about one in 20,000.
        public var malformedLines: Int64
        /// Size of the text before compression, in bytes.
        public var uncompressedBytes: Int64
        /// Size on disk, in bytes (equal to `uncompressedBytes` for uncompressed files).
        public var compressedBytes: Int64
    }

    /// Every generation parameter after defaults were derived.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Days of logs.
        public var days: Int
        /// Human accounts.
        public var users: Int
        /// Automation accounts (derived from `users` unless given).
        public var bots: Int
        /// Repositories (derived from `users` unless given).
        public var repos: Int
        /// Organisations (derived from `users` unless given).
        public var orgs: Int
        /// PRNG seed.
        public var seed: UInt64
        /// First day, `YYYY-MM-DD` (UTC).
        public var start: String
        /// `combined`, `github-audit` or `all`.
        public var format: String
        /// nginx servers the combined log is split across.
        public var servers: Int
        /// Incidents planned (derived from `days` unless given); see `SynthManifest.incidents` for those written.
        public var incidents: Int
        /// nginx `$time_local` offset, e.g. `-0800`.
        public var tzOffset: String
        /// zlib compression level used for every `.gz` file.
        public var compressionLevel: Int
    }

    /// Generator name, `exfilwatch-synth`.
    public var generator: String
    /// Generator version; output for a given seed is only stable within one version.
    public var version: String
    /// Parameters after defaults were derived.
    public var parameters: Parameters
    /// First instant covered (RFC 3339 UTC).
    public var timeRangeStart: String
    /// Instant just after the last day (RFC 3339 UTC).
    public var timeRangeEnd: String
    /// Incidents never start in the first `incidentFreeDays` days, so detectors can learn a baseline.
    public var incidentFreeDays: Int
    /// Log files, then `labels.csv` and `negatives.csv`.
    public var files: [File]
    /// Total log lines across the log files (CSV files excluded).
    public var lines: Int64
    /// Total uncompressed log bytes (CSV files excluded).
    public var bytes: Int64
    /// Total compressed log bytes on disk.
    public var compressedBytes: Int64
    /// Labelled incidents written to `labels.csv`.
    public var incidents: Int
    /// Incidents per scenario name (`burst_clone`, `slow_exfil`, …).
    public var incidentsByScenario: [String: Int]
    /// Hard-negative windows written to `negatives.csv`.
    public var negatives: Int
    /// Hard-negative windows per kind (`ci_bot`, `nightly_mirror`, …).
    public var negativesByKind: [String: Int]
    /// Accounts in the generated world: humans, automation, organisations, teams, repositories.
    public var world: [String: Int]
    /// How to read the labels and the logs.
    public var notes: [String]
}
