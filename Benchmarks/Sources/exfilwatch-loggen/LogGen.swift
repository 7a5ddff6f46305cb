import SyntheticLogs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `exfilwatch-loggen`: writes a deterministic synthetic log to stdout, for `e2e.sh`.
///
///     exfilwatch-loggen [--format combined|github-audit] [--bytes N[K|M|G]] [--hours H]
///                       [--start EPOCH_SECONDS] [--seed S] [--server K]
///
/// `--bytes` is the uncompressed size (default 64M); lines are spread evenly over `--hours` (24)
/// from `--start` (2025-11-03T00:00:00Z). `--server K` gives server K's share of the same users and
/// repositories (another seed), so several servers' logs cover the same hours.
@main
struct LogGen {
    static func main() {
        var format = "combined"
        var bytes = 64 << 20
        var hours = 24.0
        var start: Int64 = 1_762_128_000
        var seed: UInt64 = 1
        var server: UInt64 = 0
        var args = CommandLine.arguments.dropFirst()
        while let flag = args.popFirst() {
            guard let value = args.popFirst() else { usage("missing value for \(flag)") }
            switch flag {
            case "--format": format = value
            case "--bytes": bytes = parseSize(value) ?? usage(Int.self, "bad --bytes \(value)")
            case "--hours": hours = Double(value) ?? usage(Double.self, "bad --hours \(value)")
            case "--start": start = Int64(value) ?? usage(Int64.self, "bad --start \(value)")
            case "--seed": seed = UInt64(value) ?? usage(UInt64.self, "bad --seed \(value)")
            case "--server": server = UInt64(value) ?? usage(UInt64.self, "bad --server \(value)")
            default: usage("unknown option \(flag)")
            }
        }
        let population = Population()
        let chunk = 4 << 20
        var writer = ByteWriter(capacity: chunk + 4096)
        let rngSeed = seed &* 1_000_003 &+ server
        switch format {
        case "combined":
            let rate = linesPerSecond(bytes: bytes, hours: hours) { w in
                var g = CombinedLogGenerator(population: population, seed: rngSeed, start: start, linesPerSecond: 1)
                g.append(to: &w, untilCount: 1 << 20)
            }
            var g = CombinedLogGenerator(population: population, seed: rngSeed, start: start, linesPerSecond: rate)
            emit(&writer, bytes: bytes, chunk: chunk) { g.append(to: &$0, untilCount: $1) }
        case "github-audit":
            let rate = linesPerSecond(bytes: bytes, hours: hours) { w in
                var g = AuditLogGenerator(population: population, seed: rngSeed, start: start, linesPerSecond: 1)
                g.append(to: &w, untilCount: 1 << 20)
            }
            var g = AuditLogGenerator(population: population, seed: rngSeed, start: start, linesPerSecond: rate)
            emit(&writer, bytes: bytes, chunk: chunk) { g.append(to: &$0, untilCount: $1) }
        default:
            usage("unknown --format \(format)")
        }
    }

    /// The line rate that spreads `bytes` over `hours`, from the mean line length of a 1 MiB sample.
    static func linesPerSecond(bytes: Int, hours: Double, sample: (inout ByteWriter) -> Void) -> Double {
        var w = ByteWriter(capacity: 1 << 21)
        sample(&w)
        let lines = w.bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let meanLength = Double(w.count) / Double(max(lines, 1))
        return Double(bytes) / meanLength / max(hours * 3600, 1)
    }

    /// Generates chunk by chunk and writes to stdout until `bytes` are written (whole lines).
    static func emit(_ w: inout ByteWriter, bytes: Int, chunk: Int, fill: (inout ByteWriter, Int) -> Void) {
        var written = 0
        while written < bytes {
            w.removeAll()
            fill(&w, min(chunk, bytes - written))
            w.bytes.withUnsafeBytes { p in
                var off = 0
                while off < p.count {
                    let n = write(1, p.baseAddress! + off, p.count - off)
                    if n <= 0 {
                        if n < 0 && errno == EINTR { continue }
                        exit(1)
                    }
                    off += n
                }
            }
            written += w.count
        }
    }

    static func parseSize(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = text.last, let unit = units[last] { return Int(text.dropLast()).map { $0 * unit } }
        return Int(text)
    }

    static func usage(_ message: String) -> Never {
        let text =
            "exfilwatch-loggen: \(message)\nusage: exfilwatch-loggen [--format combined|github-audit] "
            + "[--bytes N[K|M|G]] [--hours H] [--start EPOCH] [--seed S] [--server K]\n"
        var bytes = Array(text.utf8)
        _ = write(2, &bytes, bytes.count)
        exit(2)
    }

    /// ``usage(_:)`` where a value of type `T` is expected.
    static func usage<T>(_: T.Type, _ message: String) -> T {
        usage(message)
    }
}
