import ArgumentParser
import ExfilWatch

/// How log lines are read and keyed: shared by `scan`, `tail`, `evaluate` and `tune`.
struct InputOptions: ParsableArguments {
    @Option(help: "Log format: auto (detect per file), combined, github-audit.")
    var format: String = "auto"

    @Option(help: "Who an event is counted for: user (anonymous requests as ip:ADDR), ip, user+ip, token.")
    var actorKey: String = "user"

    @Option(help: "Seconds of event time a record may arrive out of order and still be counted.")
    var allowedLateness: Int64 = 600

    @Option(
        help: """
            Most actors held at once (memory bound). Past it the least recently active actors are dropped \
            with their baselines (counted as dropped_actors in scan's --summary); one that returns starts as a \
            new actor. Default: no limit.
            """)
    var maxActors: Int?

    @Option(help: "Lines longer than this many bytes are skipped and counted.")
    var maxLineLength: Int = LineReader.defaultMaxLineLength

    func validate() throws {
        guard format == "auto" || LogFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be auto, combined or github-audit (got '\(format)')")
        }
        guard ActorKey(rawValue: actorKey) != nil else {
            throw ValidationError("--actor-key must be user, ip, user+ip or token (got '\(actorKey)')")
        }
        guard allowedLateness >= 0 else { throw ValidationError("--allowed-lateness must be ≥ 0 seconds") }
        if let maxActors, maxActors < 1 { throw ValidationError("--max-actors must be ≥ 1 (got \(maxActors))") }
        // Field offsets within a line are 32-bit, and each reader holds two lines' worth of buffer.
        guard (64...(1 << 30)).contains(maxLineLength) else {
            throw ValidationError("--max-line-length must be 64 … 1073741824 bytes (got \(maxLineLength))")
        }
    }

    var scanOptions: ScanOptions {
        var o = ScanOptions()
        o.format = LogFormat(rawValue: format)
        o.actorKey = ActorKey(rawValue: actorKey) ?? .user
        o.allowedLateness = allowedLateness
        o.maxLineLength = maxLineLength
        o.maxActors = maxActors
        return o
    }
}
