import ArgumentParser
import ExfilWatch
import ExfilWatchDelivery

/// Where alerts go: stdout, webhook spool files, an HTTP webhook. Shared by `scan` and `tail`.
struct SinkOptions: ParsableArguments {
    @Option(help: "Alert output on stdout: jsonl or text (default: text on a terminal, jsonl otherwise), or none.")
    var output: String?

    @Option(help: ArgumentHelp("Also write each alert to DIR/<id>.json (atomic, 0600).", valueName: "DIR"))
    var webhookDir: String?

    @Option(help: "Body of webhook files and posts: raw (the alert JSON) or slack (a Slack message).")
    var payload: String = "raw"

    @Option(help: ArgumentHelp("Also post each alert to this URL (http or https).", valueName: "URL"))
    var webhookURL: String?

    @Option(
        help: ArgumentHelp(
            "Environment variable holding the HMAC secret for X-Exfilwatch-Signature (default: EXFILWATCH_WEBHOOK_SECRET, used only when set).",
            valueName: "NAME"))
    var webhookSecretEnv: String?

    @Option(
        help: ArgumentHelp(
            "Where alerts wait until the webhook accepts them (default: ./exfilwatch-spool).", valueName: "DIR"))
    var spool: String?

    func validate() throws {
        if let output, !["jsonl", "text", "none"].contains(output) {
            throw ValidationError("--output must be jsonl, text or none (got '\(output)')")
        }
        guard WebhookPayloadFormat(rawValue: payload) != nil else {
            throw ValidationError("--payload must be raw or slack (got '\(payload)')")
        }
    }

    /// The sink chain: redaction, then every configured sink (a failing sink does not stop the others).
    func makeSink(redactor: Redactor) throws -> any AlertSink {
        StdoutAlertSink.ignoreSIGPIPE()
        var sinks: [any AlertSink] = []
        if output != "none" {
            sinks.append(StdoutAlertSink(format: output.flatMap { StdoutAlertSink.Format(rawValue: $0) }))
        }
        let format = WebhookPayloadFormat(rawValue: payload) ?? .raw
        if let webhookDir { sinks.append(try WebhookFileSink(path: webhookDir, payload: format)) }
        if let webhookURL {
            let signer = try WebhookSigner.fromEnvironment(
                variable: webhookSecretEnv ?? WebhookSigner.defaultEnvironmentVariable,
                required: webhookSecretEnv != nil)
            let poster = try WebhookPoster(
                configuration: .init(
                    url: webhookURL, userAgent: "exfilwatch/\(ExfilWatchVersion.current)", signer: signer))
            sinks.append(
                HTTPWebhookSink(
                    poster: poster, spool: try SpoolDirectory(path: spool ?? "exfilwatch-spool"),
                    configuration: .init(payload: format)))
        }
        return RedactingSink(
            redactor: redactor,
            next: FanOutSink(sinks) { FileHandleOutput.message("error: alert delivery: \($0)") })
    }

    /// The detector of `detection` and the sink chain redacting with its redactor: what `scan` and
    /// `tail` set up first. A bad model, detector or sink option is printed and exits with 2.
    func detectorAndSink(_ detection: DetectorOptions) throws -> (DetectorChoice, any AlertSink) {
        do {
            return (try detection.choice(), try makeSink(redactor: try detection.redactor()))
        } catch {
            FileHandleOutput.message("error: \(error)")
            throw ExitCode(2)
        }
    }
}
