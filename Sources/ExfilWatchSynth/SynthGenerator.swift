import Foundation

/// Generates a labelled synthetic dataset of code-hosting logs.
///
/// The same `SynthConfig` (including `seed`) always produces byte-identical files. Output, in
/// `config.outputDirectory`:
/// - `access.log.gz` (or `access-1.log.gz` … `access-N.log.gz` with several servers): nginx combined log.
/// - `audit.jsonl.gz`: GitHub audit-log JSON Lines of the same world and timeline.
/// - `labels.csv`: `actor,start,end,scenario` for every incident (RFC 3339 UTC).
/// - `negatives.csv`: `actor,start,end,kind` for hard negatives (actor `*` means every account).
/// - `manifest.json`: parameters, files with line and byte counts, incident and negative counts.
///
/// ```swift
/// var config = SynthConfig(outputDirectory: "/tmp/synth")
/// config.days = 3
/// config.users = 50
/// let manifest = try SynthGenerator(config: config).run()
/// print(manifest.bytes, manifest.incidents)
/// ```
public struct SynthGenerator: Sendable {
    /// Generator version recorded in the manifest.
    public static let version = "1.0.0"

    /// The configuration this generator runs.
    public let config: SynthConfig

    /// Creates a generator for `config`; nothing is validated or written until `run()`.
    public init(config: SynthConfig) {
        self.config = config
    }

    /// Names of the log files a configuration writes, in manifest order.
    public static func logFileNames(format: SynthFormat, servers: Int) -> [String] {
        var names: [String] = []
        if format.writesCombined {
            names += servers == 1 ? ["access.log.gz"] : (1...servers).map { "access-\($0).log.gz" }
        }
        if format.writesAudit { names.append("audit.jsonl.gz") }
        return names
    }

    /// Builds the world, streams every hour to disk and writes labels, negatives and the manifest.
    /// - Returns: the manifest that was written to `manifest.json`.
    /// - Throws: `SynthError` for invalid parameters, existing output (without `force`) or I/O failures.
    /// - Complexity: O(lines written) time; memory bounded by one hour of traffic, independent of `days`.
    public func run() throws -> SynthManifest {
        let resolved = try config.resolved()
        let directory = config.outputDirectory
        let logNames = Self.logFileNames(format: config.format, servers: config.servers)
        try prepareDirectory(directory, files: logNames + ["labels.csv", "negatives.csv", "manifest.json"])

        var builder = WorldBuilder(config: resolved)
        let world = builder.build()
        var planner = EpisodePlanner(config: resolved, world: world)
        let plan = planner.build()

        var combinedFiles: [LogFile] = []
        var auditFile: LogFile?
        for (k, name) in logNames.enumerated() {
            let isAudit = name.hasPrefix("audit")
            let file = try LogFile(
                directory: directory, name: name, format: isAudit ? "github-audit" : "combined",
                level: config.compressionLevel, arena: world.arena, seed: streamKey(config.seed, 0xF11E, UInt64(k)))
            if isAudit { auditFile = file } else { combinedFiles.append(file) }
        }
        let stream = SynthStream(
            world: world, config: resolved, plan: plan, combinedFiles: combinedFiles,
            auditFile: auditFile)
        try stream.run()
        var files = try combinedFiles.map { try $0.close() }
        if let auditFile { files.append(try auditFile.close()) }

        let labels = stream.labels.sorted()
        let negatives = (plan.fixedNegatives + stream.negatives).sorted()
        files.append(try writeCSV(directory, "labels.csv", header: "actor,start,end,scenario", rows: labels))
        files.append(try writeCSV(directory, "negatives.csv", header: "actor,start,end,kind", rows: negatives))

        let logs = files.filter { $0.format != "csv" }
        let manifest = SynthManifest(
            generator: "exfilwatch-synth", version: Self.version,
            parameters: .init(
                days: config.days, users: config.users, bots: resolved.bots, repos: resolved.repos,
                orgs: resolved.orgs, seed: config.seed, start: CivilTime.dateString(days: resolved.startDay),
                format: config.format.rawValue, servers: config.servers, incidents: resolved.incidents,
                tzOffset: SynthConfig.formatOffset(config.timeZoneOffsetMinutes),
                compressionLevel: config.compressionLevel),
            timeRangeStart: CivilTime.rfc3339(epochSeconds: resolved.startMs / 1000),
            timeRangeEnd: CivilTime.rfc3339(epochSeconds: resolved.endMs / 1000),
            incidentFreeDays: SynthConfig.incidentFreeDays, files: files,
            lines: logs.reduce(0) { $0 + $1.lines }, bytes: logs.reduce(0) { $0 + $1.uncompressedBytes },
            compressedBytes: logs.reduce(0) { $0 + $1.compressedBytes },
            incidents: labels.count, incidentsByScenario: Self.counts(labels),
            negatives: negatives.count, negativesByKind: Self.counts(negatives),
            world: [
                "humans": world.humans.count, "bots": world.actors.count - world.humans.count,
                "orgs": world.orgs.count, "teams": world.teams.count, "repos": world.repos.count,
                "publicRepos": world.publicRepos.count,
            ],
            notes: Self.notes)
        try writeManifest(manifest, to: directory + "/manifest.json")
        return manifest
    }

    static let notes = [
        "Incidents never start in the first \(SynthConfig.incidentFreeDays) days so detectors can learn a baseline.",
        "labels.csv and negatives.csv windows are inclusive, in UTC, from the first to the last logged line "
            + "of the episode (start rounded down, end rounded up to the second).",
        "Label actors are account names as logged; anonymous actors are written ip:<address>.",
        "negatives.csv actor * means every account (release surge days, when everyone fetches 3-5x more).",
        "x-access-token is the nginx user of GitHub App tokens (dependabot[bot] and a deploy app whose audit "
            + "actor is empty).",
        "nginx $time_local is the request start in the tzOffset zone; lines are written on completion, so "
            + "they are a few seconds out of order. Audit @timestamp is epoch milliseconds UTC.",
        "git over SSH appears in the audit log only; web UI requests carry no nginx user (cookie sessions).",
        "About one line in 20,000 is deliberately malformed (truncated or binary junk); see malformedLines.",
    ]

    private static func counts(_ rows: [WindowRow]) -> [String: Int] {
        rows.reduce(into: [:]) { $0[$1.name, default: 0] += 1 }
    }

    // MARK: Files

    private func prepareDirectory(_ directory: String, files: [String]) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SynthError(path: directory, reason: "exists and is not a directory")
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw SynthError(path: directory, reason: "cannot create directory: \(error.localizedDescription)")
            }
        }
        guard !config.force else { return }
        for name in files {
            let path = directory + "/" + name
            if let attributes = try? manager.attributesOfItem(atPath: path),
                let size = attributes[.size] as? NSNumber, size.int64Value > 0
            {
                throw SynthError(path: path, reason: "refusing to overwrite non-empty file (use --force)")
            }
        }
    }

    private func writeCSV(_ directory: String, _ name: String, header: String, rows: [WindowRow]) throws
        -> SynthManifest.File
    {
        var text = header + "\n"
        for row in rows { text += row.csvLine + "\n" }
        let data = Data(text.utf8)
        try write(data, to: directory + "/" + name)
        return SynthManifest.File(
            name: name, format: "csv", lines: Int64(rows.count + 1), malformedLines: 0,
            uncompressedBytes: Int64(data.count), compressedBytes: Int64(data.count))
    }

    private func writeManifest(_ manifest: SynthManifest, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(manifest)
            data.append(contentsOf: [ASCII.newline])
            try write(data, to: path)
        } catch let error as SynthError {
            throw error
        } catch {
            throw SynthError(path: path, reason: "cannot encode manifest: \(error)")
        }
    }

    private func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw SynthError(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
