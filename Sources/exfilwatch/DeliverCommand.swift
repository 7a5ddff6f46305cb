import ArgumentParser
import ExfilWatch
import ExfilWatchDelivery

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `exfilwatch deliver`: posts the alerts waiting in a spool directory to a webhook.
struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Post the alerts waiting in a spool directory to a webhook, removing each one delivered.",
        discussion: """
            Alerts land in the spool when `scan` or `tail` could not post them (`--webhook-url` with \
            `--spool`). Each is posted oldest first with the same headers, retries and signature as the \
            live sink; a 2xx removes its file. After a network error or 5xx that outlasts the retries, \
            the rest are left for the next run.

            Exit status: 0 when the spool is empty at the end; 1 when alerts remain in it (their files \
            are named on stderr); 2 for a usage error (bad flag, unset secret variable, bad URL, \
            unusable spool directory).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The spool directory to empty.", valueName: "DIR"))
    var spool: String

    @Option(name: .long, help: ArgumentHelp("Where to post each alert (http or https).", valueName: "URL"))
    var webhookURL: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            Environment variable holding the HMAC secret; when set, each post carries \
            `X-Exfilwatch-Signature: sha256=<hex>`. (default: \(WebhookSigner.defaultEnvironmentVariable), \
            used only when set)
            """, valueName: "NAME"))
    var webhookSecretEnv: String?

    @Option(name: .long, help: "Body of each post: raw (the alert JSON) or slack (a Slack message).")
    var payload: PayloadFlag = .raw

    @Option(name: .long, help: ArgumentHelp("Timeout of each request, in seconds.", valueName: "SECONDS"))
    var timeout: Double = 10

    @Option(name: .long, help: ArgumentHelp("Attempts per alert, including the first.", valueName: "N"))
    var maxAttempts: Int = 5

    @Option(
        name: .long,
        help: ArgumentHelp("Upper bound of the first retry delay, in seconds; doubles per retry.", valueName: "SECONDS")
    )
    var backoff: Double = 0.5

    /// `--payload raw|slack`.
    enum PayloadFlag: String, ExpressibleByArgument, CaseIterable {
        case raw, slack
        var format: WebhookPayloadFormat { self == .raw ? .raw : .slack }
    }

    func validate() throws {
        guard timeout > 0, timeout.isFinite else {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard backoff >= 0, backoff.isFinite else { throw ValidationError("--backoff must be zero or more seconds") }
    }

    func run() async throws {
        let spoolDirectory: SpoolDirectory
        let poster: WebhookPoster
        do {
            spoolDirectory = try SpoolDirectory(path: spool, create: false)
            let signer = try WebhookSigner.fromEnvironment(
                variable: webhookSecretEnv ?? WebhookSigner.defaultEnvironmentVariable,
                required: webhookSecretEnv != nil)
            poster = try WebhookPoster(
                configuration: .init(
                    url: webhookURL, connectTimeout: .seconds(min(timeout, 10)), requestTimeout: .seconds(timeout),
                    retry: WebhookRetryPolicy(maximumAttempts: maxAttempts, baseDelay: .seconds(backoff)),
                    signer: signer))
        } catch let error as AlertSinkError {
            Self.printError("exfilwatch deliver: \(error)")
            throw ExitCode(2)
        }
        let report: SpoolDeliverer.Report
        do {
            report = try await SpoolDeliverer(spool: spoolDirectory, poster: poster, payload: payload.format)
                .deliverAll()
        } catch {
            try? await poster.shutdown()
            Self.printError("exfilwatch deliver: \(error)")
            throw ExitCode(1)
        }
        try? await poster.shutdown()
        Self.printError(Self.summary(report, spool: spoolDirectory, url: poster.displayURL))
        if !report.isComplete { throw ExitCode(1) }
    }

    /// The lines printed on stderr at the end: counts, then each file left and why.
    static func summary(_ report: SpoolDeliverer.Report, spool: SpoolDirectory, url: String) -> String {
        var lines = ["exfilwatch deliver: \(report.delivered.count) alert(s) delivered to \(url)"]
        let left = report.failed.count + report.notAttempted.count + report.unreadable.count
        if left == 0 {
            lines[0] += "; the spool \(spool.path) is empty"
            return lines.joined(separator: "\n")
        }
        lines[0] += "; \(left) remain in \(spool.path):"
        for (id, reason) in report.failed {
            lines.append("  \(spool.pathOf(id + SpoolDirectory.fileSuffix)): \(reason)")
        }
        for id in report.notAttempted {
            lines.append("  \(spool.pathOf(id + SpoolDirectory.fileSuffix)): not attempted after the failure above")
        }
        for (file, reason) in report.unreadable {
            lines.append("  \(TerminalEscaper.escape(file)): unreadable: \(TerminalEscaper.escape(reason))")
        }
        return lines.joined(separator: "\n")
    }

    private static func printError(_ text: String) {
        var line = Array((text + "\n").utf8)
        line.withUnsafeMutableBytes { raw in _ = write(STDERR_FILENO, raw.baseAddress!, raw.count) }
    }
}
