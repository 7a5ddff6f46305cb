import ArgumentParser
import ExfilWatch

/// The `exfilwatch` command: its subcommands, and exit codes that follow the README
/// (0 success, 1 runtime failure, 2 usage error, 3 some input unreadable).
@main
struct Exfilwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exfilwatch",
        abstract: "Find bulk repository clones and data exports in web and audit logs.",
        discussion: """
            Reads nginx/Apache combined and GitHub audit logs (plain or gzip), counts what every actor \
            does in time windows against its own baseline, and alerts on bulk cloning and exports.
            Exit codes: 0 success, 1 runtime failure (e.g. an alert sink failed), 2 usage error, \
            3 some input could not be read (everything else was still processed).
            """,
        version: ExfilWatchVersion.current,
        subcommands: [
            ScanCommand.self, TailCommand.self, EvaluateCommand.self, TuneCommand.self, SynthCommand.self,
            DeliverCommand.self,
        ],
        defaultSubcommand: nil
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // ArgumentParser uses 64 (EX_USAGE); exfilwatch documents 2, like most Unix tools.
                FileHandleOutput.message(fullMessage(for: error), keepingLineBreaks: true)
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
