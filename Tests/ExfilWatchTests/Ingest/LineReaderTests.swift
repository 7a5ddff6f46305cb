import ExfilWatch
import Foundation
import Testing

@Suite("Ingest: line framing")
struct LineReaderTests {
    @Test("CRLF, a last line without newline, and empty lines")
    func terminators() throws {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.write("one\r\ntwo\n\nthree", to: dir + "/f.log")
        #expect(try TestSupport.readLines(dir + "/f.log") == ["one", "two", "", "three"])
    }

    @Test("an over-long line is skipped and counted; line numbers still count it")
    func overlong() throws {
        let dir = try TestSupport.temporaryDirectory()
        let long = String(repeating: "A", count: 5000)
        try TestSupport.write("short\n\(long)\nafter\n\(long)", to: dir + "/f.log")
        let reader = try LineReader(path: dir + "/f.log", maxLineLength: 1000)
        var seen: [(String, Int64)] = []
        while let line = try reader.nextLine() {
            seen.append((String(decoding: line, as: UTF8.self), reader.lineNumber))
        }
        #expect(seen.map(\.0) == ["short", "after"])
        #expect(seen.map(\.1) == [1, 3])
        #expect(reader.overlongLines == 2)
    }

    @Test(
        "an over-long line larger than a whole block is skipped without losing the next line", arguments: [false, true])
    func hugeLine(prefetch: Bool) throws {
        let dir = try TestSupport.temporaryDirectory()
        let huge = String(repeating: "B", count: 3 << 20)
        try TestSupport.write("before\n\(huge)\nafter\n", to: dir + "/f.log")
        let reader = try LineReader(path: dir + "/f.log", maxLineLength: 1024, prefetch: prefetch)
        var seen: [String] = []
        while let line = try reader.nextLine() { seen.append(String(decoding: line, as: UTF8.self)) }
        #expect(seen == ["before", "after"])
        #expect(reader.overlongLines == 1)
        #expect(reader.decodedOffset == Int64(7 + huge.count + 1 + 6))
    }
}
