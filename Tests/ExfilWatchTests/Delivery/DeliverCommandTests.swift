import ExfilWatch
import ExfilWatchDelivery
import Foundation
import Testing

@testable import exfilwatch

/// Runs the built `exfilwatch` binary as a user would and captures its exit status and stderr.
private func runExfilwatch(_ arguments: [String], environment: [String: String] = [:]) async throws -> (
    status: Int32, stderr: String
) {
    let executable = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        .deletingLastPathComponent().appendingPathComponent("exfilwatch")
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Read while it runs (a full pipe would block it), off the concurrency pool.
    let data = try await AlertTestSupport.onPlainThread { errors.fileHandleForReading.readDataToEndOfFile() }
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

private func spoolWith(_ ids: [String], in root: String) throws -> SpoolDirectory {
    let spool = try SpoolDirectory(path: root + "/spool")
    for id in ids { try spool.write(Array((AlertTestSupport.alert(id: id).jsonLine() + "\n").utf8), forAlertID: id) }
    return spool
}

@Suite("exfilwatch deliver")
struct DeliverCommandTests {
    @Test("flags and defaults parse as documented")
    func parsing() throws {
        let command = try DeliverCommand.parse(["--spool", "/s", "--webhook-url", "https://h.example/x"])
        #expect(command.spool == "/s" && command.webhookURL == "https://h.example/x")
        #expect(command.payload == .raw && command.timeout == 10 && command.maxAttempts == 5)
        #expect(command.webhookSecretEnv == nil)
        let custom = try DeliverCommand.parse([
            "--spool", "/s", "--webhook-url", "http://h", "--payload", "slack", "--timeout", "2.5",
            "--max-attempts", "2", "--webhook-secret-env", "HOOK_SECRET",
        ])
        #expect(custom.payload == .slack && custom.timeout == 2.5 && custom.maxAttempts == 2)
        #expect(custom.webhookSecretEnv == "HOOK_SECRET")
        #expect(throws: (any Error).self) { try DeliverCommand.parse(["--spool", "/s"]) }
        #expect(throws: (any Error).self) {
            try DeliverCommand.parse(["--spool", "/s", "--webhook-url", "http://h", "--max-attempts", "0"])
        }
        #expect(throws: (any Error).self) {
            try DeliverCommand.parse(["--spool", "/s", "--webhook-url", "http://h", "--payload", "xml"])
        }
    }

    @Test("sends each spooled alert exactly once, signed, empties the spool, exits 0")
    func emptiesSpool() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let ids = ["ep1.r0", "ep2.r0", "ep3.r0"]
        _ = try spoolWith(ids, in: root)
        let server = try await TestWebhookServer.start(script: [.status(502)])
        let (status, stderr) = try await runExfilwatch(
            [
                "deliver", "--spool", root + "/spool", "--webhook-url", server.url(), "--backoff", "0.01",
                "--webhook-secret-env", "HOOK_SECRET_FOR_TEST",
            ],
            environment: ["HOOK_SECRET_FOR_TEST": "cli-secret"])
        try await server.stop()
        #expect(status == 0)
        #expect(stderr.contains("3 alert(s) delivered"))
        #expect(stderr.contains("is empty"))
        let keys = server.requests.compactMap { $0.header("Idempotency-Key") }
        #expect(keys.count == 4)  // the first was answered 502 and retried
        #expect(keys.dropFirst().sorted() == ids && keys[0] == keys[1])
        for request in server.requests {
            let signature = try #require(request.header("X-Exfilwatch-Signature"))
            #expect(WebhookSigner(secret: "cli-secret").isValid(signature: signature, for: request.body))
        }
        #expect(AlertTestSupport.listing(root + "/spool").isEmpty)

        // A second run finds nothing to send.
        let again = try await runExfilwatch(["deliver", "--spool", root + "/spool", "--webhook-url", server.url()])
        #expect(again.status == 0 && again.stderr.contains("0 alert(s) delivered"))
    }

    @Test("a 4xx leaves that alert and names its file; exit 1")
    func rejectedNamed() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        _ = try spoolWith(["ep1.r0", "ep2.r0"], in: root)
        let server = try await TestWebhookServer.start(script: [.status(403, body: "forbidden")])
        let (status, stderr) = try await runExfilwatch([
            "deliver", "--spool", root + "/spool", "--webhook-url", server.url(), "--payload", "slack",
        ])
        try await server.stop()
        #expect(status == 1)
        #expect(server.requests.count == 2)
        #expect(stderr.contains("1 alert(s) delivered"))
        #expect(stderr.contains(root + "/spool/ep1.r0.json: rejected: HTTP 403"))
        #expect(AlertTestSupport.listing(root + "/spool") == ["ep1.r0.json"])
        #expect(String(decoding: server.requests[1].body, as: UTF8.self).contains("\"blocks\""))
    }

    @Test("webhook down: nothing removed, every file named, exit 1")
    func webhookDown() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        _ = try spoolWith(["ep1.r0", "ep2.r0"], in: root)
        let (status, stderr) = try await runExfilwatch([
            "deliver", "--spool", root + "/spool", "--webhook-url", try await deadWebhookURL(), "--max-attempts", "2",
            "--backoff", "0.01",
        ])
        #expect(status == 1)
        #expect(stderr.contains("ep1.r0.json: failed: connection failed"))
        #expect(stderr.contains("ep2.r0.json: not attempted"))
        #expect(AlertTestSupport.listing(root + "/spool") == ["ep1.r0.json", "ep2.r0.json"])
    }

    @Test("usage errors exit 2 with a message: unset secret variable, symlinked spool")
    func usageErrors() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        _ = try spoolWith([], in: root)
        let unset = try await runExfilwatch([
            "deliver", "--spool", root + "/spool", "--webhook-url", "http://127.0.0.1:9/x",
            "--webhook-secret-env", "EXFILWATCH_SURELY_UNSET_VARIABLE",
        ])
        #expect(unset.status == 2 && unset.stderr.contains("EXFILWATCH_SURELY_UNSET_VARIABLE"))
        #expect(symlink(root + "/spool", root + "/link") == 0)
        let linked = try await runExfilwatch([
            "deliver", "--spool", root + "/link", "--webhook-url", "http://127.0.0.1:9/x",
        ])
        #expect(linked.status == 2 && linked.stderr.contains("symbolic link"))
    }
}
