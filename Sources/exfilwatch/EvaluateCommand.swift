import ArgumentParser
import ExfilWatch
import Foundation

/// `exfilwatch evaluate --labels labels.csv FILES...`: recall, precision and delay against labeled
/// incidents, for the chosen detector and every static-rule preset side by side.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure recall, precision and delay against labeled incidents, beside the static-rule presets.",
        discussion: """
            An alert matches an incident when the actor is the same and the alert's window overlaps \
            [start - 5 min, end + 60 min]. Only the first alert of each episode counts.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "labels.csv with columns actor,start,end[,scenario]; times RFC 3339 with a zone (Z or +05:30).")
    var labels: String

    @OptionGroup var detection: DetectorOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Also write a self-contained HTML report with charts to this path.")
    var report: String?

    @Argument(help: "Log files or directories.")
    var files: [String]

    func run() throws {
        let incidents: [Incident]
        do { incidents = try LabelsFile.load(path: labels) } catch {
            FileHandleOutput.message("error: \(error)")
            throw ExitCode(2)
        }
        var choices: [DetectorChoice]
        do { choices = [try detection.choice()] } catch {
            FileHandleOutput.message("error: \(error)")
            throw ExitCode(2)
        }
        if let report {
            do { try AtomicFile.checkWritable(report, followingDirectoryLink: true) } catch {
                FileHandleOutput.message("error: cannot write the report: \(error)")
                throw ExitCode(1)
            }
        }
        for rule in StaticRule.allCases where rule.rawValue != detection.detector { choices.append(.preset(rule)) }
        let options = input.scanOptions
        let run = EvaluationRun(options: options)
        let (summary, outcomes, activity) = run.run(
            paths: files, incidents: incidents,
            detectors: choices.map { choice in (choice.name, { choice.makeEngine(options: options, onAlert: $0) }) },
            diagnostic: { FileHandleOutput.message($0) })
        if let range = activity.eventTimeRange {
            let outside = incidents.filter { $0.end < range.lowerBound || $0.start > range.upperBound }
            if !outside.isEmpty {
                FileHandleOutput.message(
                    "warning: \(outside.count) of \(incidents.count) incidents in \(labels) lie outside the logs' "
                        + "event time (\(CivilTime.rfc3339(range.lowerBound)) – \(CivilTime.rfc3339(range.upperBound))) "
                        + "and count as missed; are these the labels of these logs?")
            }
        }
        if json {
            FileHandle.standardOutput.write(EvaluationTable.json(outcomes, summary: summary))
            print()
        } else {
            let span =
                summary.events == 0
                ? "no events read" : String(format: "%.1f", outcomes.first?.result.days ?? 0) + " days"
            print(
                "\(incidents.count) incidents, \(summary.events) events in \(summary.files) "
                    + (summary.files == 1 ? "file" : "files") + ", \(span)")
            print(EvaluationTable.text(outcomes), terminator: "")
        }
        if let report {
            let page = ReportBuilder.build(
                outcomes: outcomes, incidents: incidents, summary: summary, activity: activity)
            do {
                try AtomicFile.write(Array(page.html().utf8), to: report, mode: 0o644, followingDirectoryLink: true)
            } catch {
                FileHandleOutput.message("error: cannot write the report: \(error)")
                throw ExitCode(1)
            }
        }
        if !summary.allInputsRead { throw ExitCode(3) }
    }
}
