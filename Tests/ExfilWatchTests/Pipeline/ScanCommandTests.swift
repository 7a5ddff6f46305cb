import ExfilWatch
import Foundation
import Testing

/// The built `exfilwatch scan` as a user runs it on a directory someone else can write to.
@Suite("Pipeline: the exfilwatch scan binary")
struct ScanCommandTests {
    /// Runs `exfilwatch ARGS` to the end; its stdout, stderr and exit status.
    static func run(_ arguments: [String]) throws -> (stdout: Data, stderr: Data, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TailCommandTests.binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (stdout, stderr, process.terminationStatus)
    }

    @Test("file names with terminal escapes are shown escaped on stderr, never raw")
    func escapedFileNames() throws {
        #expect(FileManager.default.isExecutableFile(atPath: TailCommandTests.binary), "build exfilwatch first")
        let dir = try TestSupport.temporaryDirectory()
        let hostile = dir + "/x\u{1B}]0;pwned\u{07}\u{1B}[31mRED.log"
        try TestSupport.write("not a log line\nnor this\n", to: hostile)
        try TestSupport.write(
            PipelineTestData.clone("alice", "acme/a", at: PipelineTestData.monday) + "\n\u{1B}[2J\n",
            to: dir + "/ok.log")
        // Found in the directory: skipped with a note. Named: an error (exit 3). Escaped both times.
        for (arguments, status, says) in [
            ([dir], Int32(0), "skipped, not in a log format"),
            ([hostile, dir + "/ok.log"], 3, "log format not recognised"),
        ] {
            let run = try Self.run(["scan", "--quiet"] + arguments)
            let text = String(decoding: run.stderr, as: UTF8.self)
            #expect(
                !run.stderr.contains(0x1B) && !run.stderr.contains(0x07),
                "raw control bytes on stderr: \(text.debugDescription)")
            #expect(text.contains(#"x\x1b]0;pwned\x07\x1b[31mRED.log"#))
            #expect(text.contains(says))
            #expect(text.contains(#"ok.log:2: malformed combined line: \x1b[2J"#))
            #expect(run.status == status)
        }
    }

    @Test("a log inside the learning period ends with a note saying so, not in silence")
    func learningPeriodNote() throws {
        #expect(FileManager.default.isExecutableFile(atPath: TailCommandTests.binary), "build exfilwatch first")
        let dir = try TestSupport.temporaryDirectory()
        let lines = PipelineTestData.burst("mallory", from: PipelineTestData.monday + 3600, count: 400).map { $0.1 }
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/short.log")
        let note = "fell in the baseline's learning period"
        let cold = try Self.run(["scan", "--quiet", dir + "/short.log"])
        #expect(cold.status == 0)
        #expect(cold.stdout.isEmpty)
        #expect(String(decoding: cold.stderr, as: UTF8.self).contains(note))
        // Without a learning period the same burst alerts, and there is nothing to explain.
        let eager = try Self.run(["scan", "--quiet", "--learn-for", "0", dir + "/short.log"])
        #expect(eager.status == 0)
        #expect(!eager.stdout.isEmpty)
        #expect(!String(decoding: eager.stderr, as: UTF8.self).contains(note))
        // Quiet activity that outlasts the learning period: no alert, and nothing to explain either.
        let quiet = (0..<8).map {
            PipelineTestData.clone("alice", "acme/a", at: PipelineTestData.monday + Int64($0) * 1800)
        }
        try TestSupport.write(quiet.joined(separator: "\n") + "\n", to: dir + "/quiet.log")
        let past = try Self.run(["scan", "--quiet", "--learn-for", "1h", dir + "/quiet.log"])
        #expect(past.status == 0)
        #expect(past.stdout.isEmpty)
        #expect(!String(decoding: past.stderr, as: UTF8.self).contains(note))
        // A static rule has no learning period.
        let rule = try Self.run(["scan", "--quiet", "--detector", "elastic-user-clones", dir + "/short.log"])
        #expect(rule.status == 0)
        #expect(!rule.stdout.isEmpty)
        #expect(!String(decoding: rule.stderr, as: UTF8.self).contains(note))
        // From a saved state still learning: the note says so, without advising a saved state; a scan that
        // adds no event has nothing to explain.
        let saved = try Self.run(["scan", "--quiet", "--save-state", dir + "/state", dir + "/short.log"])
        #expect(saved.status == 0)
        let later = PipelineTestData.burst("mallory", from: PipelineTestData.monday + 7200, count: 50).map { $0.1 }
        try TestSupport.write(later.joined(separator: "\n") + "\n", to: dir + "/later.log")
        let resumed = try Self.run(["scan", "--quiet", "--load-state", dir + "/state", dir + "/later.log"])
        let resumedText = String(decoding: resumed.stderr, as: UTF8.self)
        #expect(resumed.status == 0)
        #expect(resumedText.contains(note) && resumedText.contains("the loaded state's included"))
        #expect(!resumedText.contains("--load-state"))
        try TestSupport.write("", to: dir + "/empty.log")
        let idle = try Self.run(["scan", "--quiet", "--load-state", dir + "/state", dir + "/empty.log"])
        #expect(idle.status == 0)
        #expect(!String(decoding: idle.stderr, as: UTF8.self).contains(note))
    }

    @Test("scan --save-state naming a symbolic link fails before reading any input")
    func saveStateLinkFailsFirst() throws {
        #expect(FileManager.default.isExecutableFile(atPath: TailCommandTests.binary), "build exfilwatch first")
        let dir = try TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/state", withDestinationPath: dir + "/elsewhere")
        // The input does not exist: reading it first would end with exit 3 and a missing-file error.
        let run = try Self.run(["scan", "--quiet", "--save-state", dir + "/state/", dir + "/absent.log.gz"])
        let text = String(decoding: run.stderr, as: UTF8.self)
        #expect(run.status == 1)
        #expect(text.contains("is a symbolic link"))
        #expect(!text.contains("absent.log.gz"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/elsewhere").isEmpty)
    }

    @Test("stdout closed early (| head): the state is not saved and the summary says the scan stopped early")
    func stdoutClosedEarly() throws {
        #expect(FileManager.default.isExecutableFile(atPath: TailCommandTests.binary), "build exfilwatch first")
        let dir = try TestSupport.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TailCommandTests.binary)
        process.arguments = [
            "scan", "--quiet", "--output", "jsonl", "--save-state", dir + "/state", "--summary", dir + "/summary.json",
            TestSupport.packageRoot + "/datasets/servers3-14d",
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // No reader: the first alert written fails as it does once `head -1` has exited.
        try out.fileHandleForReading.close()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(stderr.contains("the scan stopped early; the state was not saved"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/state/engine.state"))
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json")))
        let fields = try #require(summary as? [String: Any])
        #expect(fields["stopped_early"] as? Bool == true)
        #expect((fields["lines"] as? Int ?? 0) > 0)
        #expect((fields["files"] as? Int ?? 0) > 0)
        #expect((fields["stored_bytes"] as? Int ?? 0) > 0)
    }
}
