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

    @Test("names written with JSON escapes, or a repository by another URL's layout, are the same name")
    func rewrittenNames() throws {
        let dir = try TestSupport.temporaryDirectory()
        // 40 lines: the first 16 are read as the format sample, the rest in whole blocks; both rewrite.
        let audit = (0..<40).map { i in
            i % 2 == 0
                ? #"{"action":"git.clone","@timestamp":\#(1_762_128_000_000 + i * 60_000),"actor":"josé","repo":"org/r0"}"#
                : #"{"action":"git.clone","@timestamp":\#(1_762_128_000_000 + i * 60_000),"actor":"jos\u00e9","repo":"org\/r0"}"#
        }
        try TestSupport.write(audit.joined(separator: "\n") + "\n", to: dir + "/audit.jsonl")
        let (_, engine, _) = scan([dir + "/audit.jsonl"])
        let seen = engine.detector.observations
        #expect(seen.count == 40)
        #expect(Set(seen.map(\.actor)).count == 1)
        #expect(Set(seen.map(\.resource)).count == 1)
        // Bitbucket: clones and archive downloads of one repository.
        let access = (0..<40).map { i in
            let clone = "POST /scm/KEY/slug.git/git-upload-pack"
            let archive = "GET /rest/api/1.0/projects/KEY/repos/slug/archive"
            let stamp = D.stamp(D.monday + Int64(i) * 60)
            return "10.0.0.1 - bob [\(stamp)] \"\(i % 2 == 0 ? clone : archive) HTTP/1.1\" 200 4096 \"-\" \"git/2.4\""
        }
        try TestSupport.write(access.joined(separator: "\n") + "\n", to: dir + "/access.log")
        let (_, bitbucket, _) = scan([dir + "/access.log"])
        #expect(bitbucket.detector.observations.count == 40)
        #expect(Set(bitbucket.detector.observations.map(\.resource)).count == 1)
    }

    @Test("an empty line after an ignored record with escapes rewrites nothing (it once wrote out of bounds)")
    func emptyLineAfterEscapes() throws {
        let dir = try TestSupport.temporaryDirectory()
        let clone = #"{"action":"git.clone","@timestamp":1762128000000,"actor":"a","repo":"org/r"}"#
        let ignored = #"{"action":"repo.create","@timestamp":1762128000000,"actor":"\n\u00e9\"x"}"#
        // Past the 16-line sample, so that the lines are parsed in a whole block.
        let lines = Array(repeating: clone, count: 20) + [ignored, "", ignored, "\r", clone]
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/audit.jsonl")
        let (summary, engine, _) = scan([dir + "/audit.jsonl"])
        #expect(summary.events == 23)
        #expect(engine.detector.observations.count == 21)
        #expect(summary.allInputsRead)
    }
}
