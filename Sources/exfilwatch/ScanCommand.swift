import ArgumentParser
import ExfilWatch
import Foundation

/// `exfilwatch scan FILES...`: the batch job over archives.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan log files (plain or gzip, merged in time order) and print alerts.",
        discussion: """
            FILES may be files, directories (their *.gz, *.log, *.jsonl, *.json files, recursively) or - for stdin. \
            Files from several servers covering the same hours are merged in event-time order. Alerts go to \
            stdout as JSON Lines when stdout is not a terminal, as text when it is.
            Exit codes: 0 everything read, 1 an alert sink or state file failed, 2 usage error, \
            3 some input could not be read (the rest was still processed).
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var detection: DetectorOptions
    @OptionGroup var sinks: SinkOptions

    @Option(
        help: ArgumentHelp("Write a JSON summary (files, lines, events, malformed, alerts, errors).", valueName: "PATH")
    )
    var summary: String?

    @Option(
        help: ArgumentHelp("Save the learned state here at the end, to warm a later scan or tail.", valueName: "DIR"))
    var saveState: String?

    @Option(help: ArgumentHelp("Start from the state a previous 'scan --save-state DIR' saved.", valueName: "DIR"))
    var loadState: String?

    @Flag(help: "Ignore --load-state (for a state that is corrupt or from a newer version): start with no history.")
    var freshState = false

    @Flag(help: "No progress bar.")
    var quiet = false

    @Argument(help: "Log files, directories, or - for stdin.")
    var files: [String]

    func run() throws {
        if let summary {
            do { try AtomicFile.checkWritable(summary, followingDirectoryLink: true) } catch {
                FileHandleOutput.message("error: cannot write the summary: \(error)")
                throw ExitCode(1)
            }
        }
        let (choice, sink) = try sinks.detectorAndSink(detection)
        let outcome = try choice.withDetector(allowedLateness: input.allowedLateness) { try scan($0, sink: sink) }
        if outcome.droppedRecentActors > 0, let cap = input.maxActors {
            FileHandleOutput.message(
                "warning: --max-actors \(cap) dropped \(outcome.droppedRecentActors) actors active within the day "
                    + "before; they lost their baselines and are judged as new when they return. "
                    + "Raise --max-actors above the number of actors active in a day.")
        }
        var failed = false
        do { try sink.close() } catch is AlertSinkError {
            failed = true  // each failure was printed as it happened (`SinkOptions.makeSink`)
        } catch {
            FileHandleOutput.message("error: \(error)")
            failed = true
        }
        if let summary {
            do {
                try AtomicFile.write([UInt8](outcome.json()), to: summary, mode: 0o644, followingDirectoryLink: true)
            } catch {
                FileHandleOutput.message("error: cannot write the summary: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
        if !outcome.allInputsRead { throw ExitCode(3) }
    }

    private func scan<D: StatefulDetector>(_ detector: D, sink: any AlertSink) throws -> ScanSummary {
        var outputClosed = false
        var deliveryFailed = false
        let options = input.scanOptions
        let engine = DetectionEngine(
            detector: detector, actorKey: options.actorKey, allowedLateness: options.allowedLateness,
            maxActors: options.maxActors
        ) { _ in }
        let scanner = BatchScanner(options: options, engine: engine)
        let bar = ProgressBar(enabled: !quiet && FileHandleOutput.isTerminal(2))
        // Alerts shown on the terminal the bar is drawn on start on a line of their own.
        let stdoutSharesTerminal = bar.enabled && FileHandleOutput.isTerminal(1)
        engine.onAlert = { alert in
            guard !outputClosed else { return }
            if stdoutSharesTerminal { bar.clear() }
            do { try sink.deliver(alert) } catch AlertSinkError.outputClosed {
                outputClosed = true
                scanner.cancelled = true
            } catch {
                if !deliveryFailed { FileHandleOutput.message("error: \(error)") }
                deliveryFailed = true
            }
        }
        if let loadState, !freshState {
            do { try EngineStateFile.load(into: engine, directory: loadState) } catch {
                if error.kind == .noState {
                    FileHandleOutput.message("error: \(error)")
                    throw ExitCode(2)
                }
                if error.kind == .unusableDirectory {
                    FileHandleOutput.message("error: \(error)")
                    throw ExitCode(1)
                }
                let advice = error.reason.contains("--fresh-state") ? "" : "; use --fresh-state to start without it"
                FileHandleOutput.message(
                    "error: \(error.path)\(error.offset.map { " at byte \($0)" } ?? ""): \(error.reason)\(advice)")
                throw ExitCode(1)
            }
        }
        var saveError: Error?
        if let saveState {
            do { try EngineStateFile.prepare(directory: saveState) } catch {
                FileHandleOutput.message("error: cannot save state: \(error)")
                throw ExitCode(1)
            }
            scanner.beforeFinish = {
                do { try EngineStateFile.save(engine, directory: saveState) } catch { saveError = error }
            }
        }
        scanner.diagnostic = {
            bar.clear()
            FileHandleOutput.message($0)
        }
        if bar.enabled { scanner.progress = { bar.update($0) } }
        let summary = scanner.run(paths: files)
        bar.finish()
        if summary.lateEvents > 0 {
            FileHandleOutput.message(
                "note: \(summary.lateEvents) events came more than --allowed-lateness (\(options.allowedLateness) s) "
                    + "after newer ones in the same input and were not counted; a file whose lines are out of "
                    + "order (archives concatenated in the wrong order) should be split or sorted, or the "
                    + "lateness raised")
        }
        if summary.stoppedEarly, let saveState {
            FileHandleOutput.message(
                "note: stdout was closed, so the scan stopped early; the state was not saved to \(saveState)")
        }
        if summary.alerts == 0, summary.events > 0, engine.maxEventTime != .min,
            let baseline = engine.detector as? BaselineDetector, let end = baseline.learningEnds,
            engine.maxEventTime < end
        {
            // A short log scanned cold would otherwise end in silence, as if nothing had happened. From a
            // saved state the learning period is the state's: only more history ends it.
            let loaded = loadState != nil && !freshState
            let upTo = CivilTime.rfc3339(engine.maxEventTime) + (loaded ? ", the loaded state's included" : "")
            let advice =
                loaded
                ? "Scan more history."
                : "Scan more history, lower --learn-for, or start from a saved state (--load-state)."
            FileHandleOutput.message(
                "note: every event (up to \(upTo)) fell in the baseline's learning period, which ends at "
                    + "\(CivilTime.rfc3339(end)); no alert could be raised. \(advice)")
        }
        if let saveError {
            FileHandleOutput.message("error: cannot save state: \(saveError)")
            throw ExitCode(1)
        }
        if deliveryFailed { throw ExitCode(1) }
        return summary
    }
}
