import ArgumentParser
import Dispatch
import ExfilWatch
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `exfilwatch tail [--state DIR] FILE|GLOB...`: the live job that follows logs like `tail -F`.
struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow live log files (like tail -F) and alert within a second of the line.",
        discussion: """
            FILE may be a path that does not exist yet or a glob ('/var/log/nginx/access.log*', quoted), \
            looked at again on every poll. Files are followed across rename and copytruncate rotation and \
            delete-and-recreate; compressed files are ignored (use scan for archives). With --state, file \
            positions and the detector state are checkpointed every --checkpoint-interval seconds, after \
            each alert and on SIGTERM/SIGINT; a restart resumes there, reading what was written meanwhile, \
            without losing or repeating an alert. Alerts go to stdout as JSON Lines (text on a terminal); \
            diagnostics go to stderr.
            Exit codes: 0 after SIGTERM/SIGINT (checkpoint written), 1 runtime failure (unusable \
            checkpoint, alert output failed, checkpoint not writable), 2 usage error.
            """
    )

    @OptionGroup var input: InputOptions

    @OptionGroup var detection: DetectorOptions
    @OptionGroup var sinks: SinkOptions

    @Option(help: "Directory for checkpoints (created 0700 if missing). Without it nothing survives a restart.")
    var state: String?

    @Option(help: "Seconds between checkpoints (one is also written after each alert and on stop).")
    var checkpointInterval: Double = 5

    @Option(
        help: "Start from the engine state that 'scan --save-state DIR' saved (ignored when --state has a checkpoint).")
    var loadState: String?

    @Flag(help: "Ignore an existing checkpoint in --state (it is overwritten): positions and learned state start over.")
    var freshState = false

    @Option(help: "Write Prometheus metrics to this file (node_exporter textfile collector), atomically.")
    var metricsFile: String?

    @Option(help: "Seconds between metrics file writes.")
    var metricsInterval: Double = 5

    @Option(help: "Milliseconds between looks at the files.")
    var pollInterval: Int = 250

    @Option(help: "Where to begin files that exist at a fresh start (no checkpoint): beginning or end.")
    var startAt: String = "beginning"

    @Option(help: "Diagnostics on stderr from this level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Argument(help: "Log files or quoted glob patterns to follow.")
    var files: [String]

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical")
        }
        guard startAt == "beginning" || startAt == "end" else {
            throw ValidationError("--start-at must be beginning or end (got '\(startAt)')")
        }
        guard (1...1000).contains(pollInterval) else { throw ValidationError("--poll-interval must be 1…1000 ms") }
        guard checkpointInterval > 0, metricsInterval > 0 else {
            throw ValidationError("--checkpoint-interval and --metrics-interval must be > 0 seconds")
        }
        for file in files where file == "-" || (!GlobExpander.isPattern(file) && file.hasSuffix(".gz")) {
            throw ValidationError("tail follows plain-text files; use scan for '\(file)'")
        }
    }

    func run() throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = EscapingLogHandler(inner: StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "exfilwatch.tail")
        let (choice, sink) = try sinks.detectorAndSink(detection)
        signal(SIGPIPE, SIG_IGN)
        let control = TailControl()
        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                logger.notice("signal received; checkpointing and stopping", metadata: ["signal": "\(number)"])
                control.stop()
            }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        var failed = false
        do {
            try choice.withDetector(allowedLateness: input.allowedLateness) { detector in
                try follow(detector, control: control, logger: logger, sink: sink)
            }
        } catch {
            FileHandleOutput.message("error: \(error)")
            failed = true
        }
        do { try sink.close() } catch is AlertSinkError {
            failed = true  // each failure was printed as it happened (`SinkOptions.makeSink`)
        } catch {
            FileHandleOutput.message("error: \(error)")
            failed = true
        }
        if failed { throw ExitCode(1) }
    }

    private func follow<D: StatefulDetector>(_ detector: D, control: TailControl, logger: Logger, sink: any AlertSink)
        throws
    {
        let runner = try TailRunner(
            configuration: tailConfiguration, detector: detector, control: control, logger: logger,
            deliver: { try sink.deliver($0) })
        try runner.run()
    }

    var tailConfiguration: TailConfiguration {
        var c = TailConfiguration(paths: files, options: input.scanOptions)
        c.stateDirectory = state
        c.loadStateDirectory = loadState
        c.freshState = freshState
        c.checkpointInterval = checkpointInterval
        c.metricsPath = metricsFile
        c.metricsInterval = metricsInterval
        c.pollInterval = Double(pollInterval) / 1000
        c.startAtEnd = startAt == "end"
        return c
    }
}
