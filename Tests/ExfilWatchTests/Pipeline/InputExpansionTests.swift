import ExfilWatch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Pipeline: what the command line names")
struct InputExpansionTests {
    typealias D = PipelineTestData

    func scan(_ paths: [String]) -> (ScanSummary, DetectionEngine<RecordingDetector>, [String]) {
        let engine = DetectionEngine(detector: RecordingDetector(), actorKey: .user, allowedLateness: 0) { _ in }
        let scanner = BatchScanner(options: ScanOptions(), engine: engine)
        var messages: [String] = []
        scanner.diagnostic = { messages.append($0) }
        return (scanner.run(paths: paths), engine, messages)
    }

    func clones(_ user: String, count: Int) -> String {
        (0..<count).map { D.clone(user, "acme/r\($0 % 7)", at: D.monday + Int64($0)) + "\n" }.joined()
    }

    @Test("a named pipe is read once from its first byte, not peeked and reopened")
    func namedPipe() throws {
        let dir = try TestSupport.temporaryDirectory()
        let fifo = dir + "/live.log"
        #expect(mkfifo(fifo, 0o600) == 0)
        // More than the first reads (128 KiB and more) that used to be lost on reopening.
        let text = clones("alice", count: 3000)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            text.utf8CString.withUnsafeBytes { p in
                var off = 0
                let count = p.count - 1
                while off < count {
                    let n = write(fd, p.baseAddress! + off, count - off)
                    if n <= 0 { break }
                    off += n
                }
            }
            close(fd)
        }
        writer.start()
        let (summary, engine, _) = scan([fifo])
        #expect(summary.lines == 3000)
        #expect(engine.detector.observations.count == 3000)
        #expect(summary.allInputsRead)
    }

    @Test("a file named twice, or named and inside a named directory, is read once with a note")
    func duplicates() throws {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write(clones("alice", count: 50), to: dir + "/a.log")
        let (summary, engine, messages) = scan([
            dir + "/a.log", dir, dir + "/../" + (dir as NSString).lastPathComponent,
        ])
        #expect(summary.events == 50)
        #expect(engine.detector.observations.count == 50)
        #expect(messages.contains("note: \(dir)/a.log: named twice, read once"))
        #expect(
            messages.filter { $0.hasPrefix("note: ") && $0.hasSuffix("the same file as \(dir)/a.log, read once") }.count
                == 1)
    }

    @Test("a directory yields rotated logs by their usual names, and skips pipes rather than waiting on them")
    func directoryNames() throws {
        let dir = try TestSupport.temporaryDirectory()
        let names = [
            "access.log", "access.log.1", "access.log-20251106", "access.log-20251105.gz", "access_log",
            "ssl_access_log-20251106", "audit.jsonl",
        ]
        for (i, name) in names.enumerated() {
            let text = clones("user\(i)", count: 3)
            if name.hasSuffix(".gz") {
                try TestSupport.gzip(Data(text.utf8)).write(to: URL(fileURLWithPath: dir + "/" + name))
            } else {
                try TestSupport.write(text, to: dir + "/" + name)
            }
        }
        try TestSupport.write("not a log\n", to: dir + "/README")
        #expect(mkfifo(dir + "/pipe.log", 0o600) == 0)
        let (summary, engine, _) = scan([dir])
        #expect(summary.files == names.count)
        #expect(engine.detector.observations.count == 3 * names.count)
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: false)
        let (_, _, messages) = scan([dir + "/empty"])
        #expect(messages.contains { $0.hasPrefix("note: \(dir)/empty: no log file in this directory") })
    }

    @Test("GitHub audit names written with JSON escapes are the same actor as written plainly")
    func escapedNames() throws {
        let dir = try TestSupport.temporaryDirectory()
        let lines = [
            #"{"action":"git.clone","@timestamp":1762128000000,"actor":"josé","repo":"org/r0"}"#,
            #"{"action":"git.clone","@timestamp":1762128060000,"actor":"jos\u00e9","repo":"org\/r0"}"#,
        ]
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/audit.jsonl")
        let (_, engine, _) = scan([dir + "/audit.jsonl"])
        let seen = engine.detector.observations
        #expect(seen.count == 2)
        #expect(seen.first?.actor == seen.last?.actor)
        #expect(seen.first?.resource == seen.last?.resource)
        #expect(engine.actorCount == 1)
    }
}
