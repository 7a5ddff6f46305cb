import ExfilWatch
import Foundation
import Testing

@Suite("Ingest: file follower")
struct FileFollowerTests {
    func lines(_ f: FileFollower) throws -> [String] {
        var out: [String] = []
        while let line = try f.nextLine() { out.append(String(decoding: line, as: UTF8.self)) }
        return out
    }

    func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test("a partial line waits for its newline; CRLF is stripped; offsets are at line starts")
    func partialLines() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/f.log"
        try TestSupport.write("one\r\ntw", to: path)
        let f = try FileFollower(path: path)
        #expect(try lines(f) == ["one"])
        #expect(f.consumedOffset == 5 && f.readOffset == 7 && f.lineNumber == 1)
        try append("o\nthree", to: path)
        #expect(try lines(f) == ["two"])
        #expect(f.consumedOffset == 9 && f.lineStartOffset == 5)
        #expect(f.takePartialLine().map { String(decoding: $0, as: UTF8.self) } == "three")
        #expect(f.consumedOffset == 14 && f.lineNumber == 3)
    }

    @Test("an over-long line is skipped even when it arrives in pieces, and counted")
    func overlong() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/f.log"
        try TestSupport.write("short\n" + String(repeating: "A", count: 300), to: path)
        let f = try FileFollower(path: path, maxLineLength: 100)
        #expect(try lines(f) == ["short"])
        try append(String(repeating: "B", count: 300_000) + "\nafter\n", to: path)
        #expect(try lines(f) == ["after"])
        #expect(f.overlongLines == 1 && f.lineNumber == 3)
        #expect(f.consumedOffset == Int64(6 + 300 + 300_000 + 1 + 6))
    }

    @Test("truncation (copytruncate) and a same-size rewrite restart at 0; appends do not")
    func truncation() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/f.log"
        let first = (0..<40).map { "line \($0) of the first file, long enough to fill a kilobyte" }
        try TestSupport.write(first.joined(separator: "\n") + "\n", to: path)
        let f = try FileFollower(path: path)
        #expect(try lines(f).count == 40)
        #expect(f.fingerprint.isComplete)
        try append("more\n", to: path)
        #expect(f.refresh() == .unchanged(grew: true))
        #expect(try lines(f) == ["more"])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try append("fresh\n", to: path)
        guard case .restarted(let previous, let offset) = f.refresh() else {
            Issue.record("truncation not noticed")
            return
        }
        #expect(previous.isComplete && offset > 1024)
        #expect(try lines(f) == ["fresh"])
        // Rewritten in place with the same size and different first bytes.
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        try TestSupport.write("FRESH\n", to: path)
        #expect(size == 6)
        guard case .restarted = f.refresh() else {
            Issue.record("rewrite not noticed")
            return
        }
        #expect(try lines(f) == ["FRESH"])
    }

    @Test("the fingerprint of a small file grows with it up to 1 KiB")
    func fingerprintGrowth() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/f.log"
        try TestSupport.write("a\n", to: path)
        let f = try FileFollower(path: path)
        #expect(f.fingerprint.length == 2)
        try append(String(repeating: "x", count: 600) + "\n", to: path)
        #expect(f.refresh() == .unchanged(grew: true))
        #expect(f.fingerprint.length == 603)
        try append(String(repeating: "y", count: 2000) + "\n", to: path)
        _ = f.refresh()
        #expect(f.fingerprint.isComplete && f.fingerprint.length == FileFingerprint.maxLength)
        let other = try FileFollower(path: path)
        #expect(other.fingerprint == f.fingerprint && other.identity == f.identity)
    }

    @Test("glob patterns expand to sorted matches; plain paths stay even when missing")
    func globs() throws {
        let dir = try TestSupport.temporaryDirectory()
        for name in ["access.log.1", "access.log", "error.log"] { try TestSupport.write("", to: dir + "/" + name) }
        #expect(
            GlobExpander.expand([dir + "/access.log*", dir + "/missing.log", dir + "/access.log"])
                == [dir + "/access.log", dir + "/access.log.1", dir + "/missing.log"])
        #expect(GlobExpander.expand([dir + "/*.gz"]).isEmpty)
    }
}
