import ExfilWatch
import Foundation
import Testing

@Suite("Ingest: gzip and plain input")
struct GzipInputTests {
    let lines = (0..<5000).map { "line \($0) " + String(repeating: "x", count: $0 % 97) }

    @Test("plain and gzip files give the same lines, whatever the name", arguments: [false, true])
    func plainAndGzip(prefetch: Bool) throws {
        let dir = try TestSupport.temporaryDirectory()
        let text = lines.joined(separator: "\n") + "\n"
        try TestSupport.write(text, to: dir + "/a.log")
        // A gzip file with a misleading name is still detected by its magic bytes.
        try TestSupport.gzip(Data(text.utf8)).write(to: URL(fileURLWithPath: dir + "/b.log"))
        #expect(try TestSupport.readLines(dir + "/a.log", prefetch: prefetch) == lines)
        #expect(try TestSupport.readLines(dir + "/b.log", prefetch: prefetch) == lines)
    }

    @Test("every member of a multi-member gzip file is read (cat a.gz b.gz)", arguments: [false, true])
    func multiMember(prefetch: Bool) throws {
        let dir = try TestSupport.temporaryDirectory()
        let first = lines[0..<2000].joined(separator: "\n") + "\n"
        let second = lines[2000...].joined(separator: "\n") + "\n"
        var joined = try TestSupport.gzip(Data(first.utf8))
        joined.append(try TestSupport.gzip(Data(second.utf8)))
        try joined.write(to: URL(fileURLWithPath: dir + "/joined.gz"))
        #expect(try TestSupport.readLines(dir + "/joined.gz", prefetch: prefetch) == lines)
    }

    @Test(
        "a truncated gzip is an error naming the file and offset, after the lines before it", arguments: [false, true])
    func truncated(prefetch: Bool) throws {
        let dir = try TestSupport.temporaryDirectory()
        let full = try TestSupport.gzip(Data((lines.joined(separator: "\n") + "\n").utf8))
        let path = dir + "/cut.log.gz"
        try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: path))
        let reader = try LineReader(path: path, prefetch: prefetch)
        var read = 0
        do {
            while let line = try reader.nextLine() {
                #expect(String(decoding: line, as: UTF8.self) == lines[read])
                read += 1
            }
            Issue.record("no error for a truncated file")
        } catch {
            #expect(error.kind == .truncatedGzip)
            #expect(error.path == path)
            #expect(error.offset == Int64(full.count / 2))
            #expect(error.description.contains("cut.log.gz"))
        }
        #expect(read > 1000)
    }

    @Test("corrupt deflate data is reported with a compressed byte offset")
    func corrupt() throws {
        let dir = try TestSupport.temporaryDirectory()
        var bytes = [UInt8](try TestSupport.gzip(Data((lines.joined(separator: "\n") + "\n").utf8)))
        for i in 5000..<5400 { bytes[i] ^= 0x5A }
        let path = dir + "/bad.gz"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: IngestError.self) { _ = try TestSupport.readLines(path) }
        do { _ = try TestSupport.readLines(path) } catch {
            #expect(error.kind == .corruptGzip)
            #expect(error.offset > 0 && error.offset <= Int64(bytes.count))
        }
    }

    @Test("trailing zero padding is ignored, other trailing bytes are an error")
    func trailing() throws {
        let dir = try TestSupport.temporaryDirectory()
        var padded = try TestSupport.gzip(Data("a\nb\n".utf8))
        padded.append(Data(repeating: 0, count: 512))
        try padded.write(to: URL(fileURLWithPath: dir + "/padded.gz"))
        #expect(try TestSupport.readLines(dir + "/padded.gz") == ["a", "b"])
        var junk = try TestSupport.gzip(Data("a\nb\n".utf8))
        junk.append(Data("junk".utf8))
        try junk.write(to: URL(fileURLWithPath: dir + "/junk.gz"))
        #expect(throws: IngestError.self) { _ = try TestSupport.readLines(dir + "/junk.gz") }
    }

    @Test("a missing file is an unreadable error naming it")
    func missing() {
        do {
            _ = try LineReader(path: "/nonexistent/x.log")
            Issue.record("opened a missing file")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.description.hasPrefix("/nonexistent/x.log: "))
        }
    }
}
