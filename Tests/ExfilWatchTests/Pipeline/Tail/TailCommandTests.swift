import ExfilWatch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `exfilwatch` binary as systemd runs it: alerts on stdout, SIGTERM → checkpoint (0600)
/// and exit 0, and a restart that does not repeat the alert.
@Suite("Tail: the exfilwatch binary", .serialized)
struct TailCommandTests {
    /// `exfilwatch` next to the test bundle (`swift test` builds every product).
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("exfilwatch").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return TestSupport.packageRoot + "/.build/debug/exfilwatch"
    }

    /// Starts `exfilwatch tail ARGS`; stdout is collected.
    final class Running: @unchecked Sendable {
        let process = Process()
        let stdout = Pipe()
        let stderr = Pipe()
        private let lock = NSLock()
        private var collected = Data()

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: TailCommandTests.binary)
            process.arguments = ["tail"] + arguments
            process.standardOutput = stdout
            process.standardError = stderr
            stdout.fileHandleForReading.readabilityHandler = { [self] handle in
                let data = handle.availableData
                lock.withLock { collected.append(data) }
            }
            try process.run()
        }

        var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

        /// SIGTERM, then the exit status (nil if it did not exit within 10 s).
        func terminate() async throws -> Int32? {
            kill(process.processIdentifier, SIGTERM)
            for _ in 0..<1000 where process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            guard !process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            try await Task.sleep(for: .milliseconds(50))  // let the last output arrive
            stdout.fileHandleForReading.readabilityHandler = nil
            return process.terminationStatus
        }
    }

    @Test("SIGTERM writes a 0600 checkpoint and exits 0; the restarted binary does not repeat the alert")
    func sigterm() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build exfilwatch first: \(Self.binary)")
        let dir = try TestSupport.temporaryDirectory()
        let log = dir + "/access.log"
        let state = dir + "/state"
        let lines = TailTest.timeline()
        let expected = try TailTest.scanAlerts(lines, StaticRuleDetector(rule: .elasticUserClones))
        let arguments = [
            "--detector", "elastic-user-clones", "--state", state, "--poll-interval", "50", "--output", "jsonl",
            "--log-level", "warning", log,
        ]

        let first = try Running(arguments)
        try await TailTest.append(lines, to: log, perWrite: 40)
        for _ in 0..<500 where first.output.split(separator: "\n").count < expected.count {
            try await Task.sleep(for: .milliseconds(10))
        }
        // The last alert can fire before the lines after it are read: give it a few 50 ms polls more, so
        // the checkpoint below is at the end of the file (a loaded machine once stopped it short).
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await first.terminate() == 0)
        let ids = try first.output.split(separator: "\n").map {
            try JSONDecoder().decode(Alert.self, from: Data($0.utf8)).id
        }
        #expect(ids == expected.map(\.id))
        let checkpoint = TailCheckpoint.path(in: state)
        let attributes = try FileManager.default.attributesOfItem(atPath: checkpoint)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(
            try TailCheckpoint.load(directory: state)?.files.first?.offset == Int64(TailRestartTests.bytes(lines[...])))

        let second = try Running(arguments)
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await second.terminate() == 0)
        #expect(second.output.isEmpty)
    }

    @Test("usage errors exit 2: a .gz argument, a bad --start-at")
    func usage() throws {
        for arguments in [["/var/log/old.log.gz"], ["--start-at", "middle", "/x.log"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["tail"] + arguments
            process.standardError = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(arguments)")
        }
    }
}
