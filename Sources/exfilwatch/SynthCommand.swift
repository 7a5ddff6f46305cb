import ArgumentParser
import ExfilWatchSynth

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `exfilwatch synth`: writes a deterministic, labeled synthetic dataset of code-hosting logs.
///
/// Exit codes: 0 on success, 1 when the dataset cannot be written (the message names the path), 2 for
/// invalid flags.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate labeled synthetic nginx and GitHub audit logs.",
        discussion: """
            Writes access.log.gz (nginx combined; access-<k>.log.gz with --servers N), audit.jsonl.gz \
            (GitHub audit JSON Lines), labels.csv (actor,start,end,scenario), negatives.csv \
            (actor,start,end,kind) and manifest.json into --out. The same flags and --seed give \
            byte-identical output. Incidents start after the first 2 days. Prints a one-line summary \
            (bytes, lines, MB/s of uncompressed text) to stderr.
            Exit codes: 0 success, 1 generation or I/O error, 2 invalid flags.
            """
    )

    @Option(name: .long, help: "Output directory (created if missing).")
    var out: String

    @Option(name: .long, help: "Days of logs.")
    var days: Int = 7

    @Option(name: .long, help: "Human accounts.")
    var users: Int = 200

    @Option(
        name: .long,
        help: "Automation accounts: mirror, CI bots, indexer, dependabot, deploy app (default: 5 + users/200).")
    var bots: Int?

    @Option(name: .long, help: "Repositories (default: max(60, users/2 + 40)).")
    var repos: Int?

    @Option(name: .long, help: "Organisations (default: 3 + users/2500, at most 12).")
    var orgs: Int?

    @Option(name: .long, help: "PRNG seed; the same flags and seed give byte-identical output.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "First day, YYYY-MM-DD in UTC (the default is a Monday).")
    var start: String = "2025-11-03"

    @Option(name: .long, help: "combined, github-audit or all.")
    var format: String = "all"

    @Option(name: .long, help: "nginx servers to split the combined log across (access-<k>.log.gz).")
    var servers: Int = 1

    @Option(name: .long, help: "Labelled incidents (default: 0 for ≤ 2 days, else max(6, (days-2)*2/3)).")
    var incidents: Int?

    /// Parsed unconditionally so that `--tz-offset -0800` is not mistaken for a flag.
    @Option(
        name: .long, parsing: .unconditional, help: "nginx $time_local offset from UTC, e.g. -0800 or +0530.")
    var tzOffset: String = "-0800"

    @Option(name: .long, help: "gzip level 1-9 (1 is the fastest).")
    var compressionLevel: Int = 1

    @Flag(name: .long, help: "Overwrite existing non-empty output files.")
    var force = false

    @Flag(name: .long, help: "Do not print the summary line.")
    var quiet = false

    /// The library configuration these flags describe.
    func makeConfig() throws -> SynthConfig {
        guard let format = SynthFormat(rawValue: format) else {
            throw ValidationError("--format must be combined, github-audit or all (got \(format))")
        }
        guard let offset = SynthConfig.parseOffset(tzOffset) else {
            throw ValidationError("--tz-offset must look like -0800 or +0530 (got \(tzOffset))")
        }
        var config = SynthConfig(outputDirectory: out)
        config.days = days
        config.users = users
        config.bots = bots
        config.repos = repos
        config.orgs = orgs
        config.seed = seed
        config.startDate = start
        config.format = format
        config.servers = servers
        config.incidents = incidents
        config.timeZoneOffsetMinutes = offset
        config.compressionLevel = compressionLevel
        config.force = force
        do {
            _ = try config.resolved()
        } catch let error as SynthError {
            throw ValidationError(error.description)
        }
        return config
    }

    /// Checks the flags before running, so that a bad one is reported with this command's usage.
    func validate() throws {
        _ = try makeConfig()
    }

    func run() throws {
        let config = try makeConfig()
        let clock = ContinuousClock()
        let began = clock.now
        let manifest: SynthManifest
        do {
            manifest = try SynthGenerator(config: config).run()
        } catch let error as SynthError {
            printError("exfilwatch synth: \(error)")
            throw ExitCode.failure
        }
        guard !quiet else { return }
        let elapsed = clock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let megabytes = Double(manifest.bytes) / 1_000_000
        let rate = seconds > 0 ? megabytes / seconds : 0
        printError(
            "synth: wrote \(manifest.bytes) bytes (\(manifest.compressedBytes) gzipped) in \(manifest.lines) lines, "
                + "\(manifest.incidents) incidents, \(manifest.negatives) negatives, "
                + "\(format2(seconds)) s, \(format2(rate)) MB/s -> \(config.outputDirectory)")
    }

    private func format2(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }

    private func printError(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }
}
