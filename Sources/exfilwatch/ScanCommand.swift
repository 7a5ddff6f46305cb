import ArgumentParser
import ExfilWatch
import Foundation

/// `exfilwatch scan FILES...`: the batch job over archives.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan log files (plain or gzip, merged in time order) and print alerts.",
        discussion: """
            FILES may be files, directories (their *.gz, *.log, *.jsonl files, recursively) or - for stdin. \
            Alerts go to stdout as JSON Lines when stdout is not a terminal, as text when it is.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Detector: baseline, or a static rule preset: \(StaticRule.allCases.map(\.rawValue).joined(separator: ", ")).")
    var detector: String = "elastic-user-clones"

    @Option(help: "Alert output on stdout: jsonl or text (default: text on a terminal, jsonl otherwise).")
    var output: String?

    @Option(help: "Write a JSON summary (files, lines, events, malformed, alerts, errors) to this path.")
    var summary: String?

    @Flag(help: "No progress bar.")
    var quiet = false

    @Argument(help: "Log files, directories, or - for stdin.")
    var files: [String]

    func validate() throws {
        if let output, output != "jsonl" && output != "text" {
            throw ValidationError("--output must be jsonl or text (got '\(output)')")
        }
        guard detector == "baseline" || StaticRule(rawValue: detector) != nil else {
            throw ValidationError("unknown --detector '\(detector)'")
        }
    }

    func run() throws {
        let text = output.map { $0 == "text" } ?? FileHandleOutput.isTerminal(1)
        guard let rule = StaticRule(rawValue: detector) else { throw ExitCode(2) }
        let result = scan(detector: StaticRuleDetector(rule: rule), text: text)
        if let summary {
            do { try result.json().write(to: URL(fileURLWithPath: summary)) } catch {
                FileHandleOutput.standardError("error: cannot write summary \(summary): \(error.localizedDescription)\n")
                throw ExitCode(1)
            }
        }
        if !result.allInputsRead { throw ExitCode(3) }
    }

    private func scan<D: Detector>(detector: D, text: Bool) -> ScanSummary {
        let engine = DetectionEngine(
            detector: detector, actorKey: input.scanOptions.actorKey, allowedLateness: input.allowedLateness
        ) { alert in
            print(text ? alert.reason : alert.jsonLine())
        }
        let scanner = BatchScanner(options: input.scanOptions, engine: engine)
        scanner.diagnostic = { FileHandleOutput.standardError($0 + "\n") }
        let bar = ProgressBar(enabled: !quiet && FileHandleOutput.isTerminal(2))
        if bar.enabled { scanner.progress = { bar.update($0) } }
        let summary = scanner.run(paths: files)
        bar.finish()
        return summary
    }
}
