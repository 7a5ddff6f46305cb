import ExfilWatch
import Foundation
import Testing

/// ``EventSource`` parses whole blocks (ahead, on the decoding thread, when it can); what it hands out
/// must be what reading line by line gives: the same events, lines, line numbers, malformed reports
/// and counters, whatever the block boundaries, line lengths, CRLF, over-long lines or read errors.
@Suite("Pipeline: event source reads whole blocks like single lines")
struct EventSourceBlockTests {
    typealias D = PipelineTestData

    /// What one source yields, event by event, plus its malformed reports and final counters.
    struct Trace: Equatable {
        var events: [String] = []
        var malformed: [String] = []
        var lines: Int64 = 0
        var eventCount: Int64 = 0
        var malformedCount: Int64 = 0
        var overlong: Int64 = 0
        var decodedBytes: Int64 = 0
        var error: IngestError?
    }

    /// Reads `path` through ``EventSource`` (the block path).
    static func viaSource(
        _ path: String, format: LogFormat?, maxLineLength: Int, prefetch: Bool, skipsUnclassified: Bool = false
    ) throws -> Trace {
        let source = try EventSource(
            path: path, format: format, maxLineLength: maxLineLength, prefetch: prefetch,
            skipsUnclassified: skipsUnclassified)
        var trace = Trace()
        let report: (Int64, UnsafeRawBufferPointer) -> Void = { n, bytes in
            trace.malformed.append("\(n):\(String(decoding: bytes, as: UTF8.self))")
        }
        while source.advance(malformed: report) {
            let e = source.event
            trace.events.append(
                "\(source.lineNumber) \(e.time) \(e.action) \(Event.string(e.user, in: source.line)) "
                    + "\(Event.string(e.resource, in: source.line)) \(Event.string(e.userAgent, in: source.line)) "
                    + "\(String(decoding: source.line, as: UTF8.self))")
        }
        #expect(!source.advance(malformed: report), "advance after the end stays false")
        trace.lines = source.stats.lines
        trace.eventCount = source.stats.events
        trace.malformedCount = source.stats.malformed
        trace.overlong = source.stats.overlongLines
        trace.decodedBytes = source.stats.decodedBytes
        trace.error = source.stats.error
        return trace
    }

    /// The reference: ``LineReader/nextLine()`` and ``LogFormat/parse(_:into:)`` line by line. With
    /// `classifiedOnly`, events with action `.other` are counted but not listed.
    static func viaLines(_ path: String, format: LogFormat, maxLineLength: Int, classifiedOnly: Bool = false) throws
        -> Trace
    {
        let reader = try LineReader(path: path, maxLineLength: maxLineLength)
        var trace = Trace()
        var event = Event()
        do {
            while let line = try reader.nextLine() {
                trace.lines += 1
                if line.isEmpty { continue }
                if format.parse(line, into: &event) {
                    trace.eventCount += 1
                    if classifiedOnly && event.action == .other { continue }
                    trace.events.append(
                        "\(reader.lineNumber) \(event.time) \(event.action) \(Event.string(event.user, in: line)) "
                            + "\(Event.string(event.resource, in: line)) \(Event.string(event.userAgent, in: line)) "
                            + "\(String(decoding: line, as: UTF8.self))")
                } else {
                    trace.malformedCount += 1
                    trace.malformed.append("\(reader.lineNumber):\(String(decoding: line, as: UTF8.self))")
                }
            }
        } catch {
            trace.error = error
        }
        trace.overlong = reader.overlongLines
        trace.decodedBytes = reader.decodedOffset
        return trace
    }

    /// A combined log of `count` lines mixing clones, unclassified requests (page views, a denied
    /// clone), unterminated user agents, short junk, empty lines, CRLF and lines of `longLength` bytes
    /// (over the limit of 1000 used below).
    static func mixedLog(count: Int, longEvery: Int, longLength: Int) -> String {
        var lines: [String] = []
        for i in 0..<count {
            let clone = D.clone("u\(i % 50)", "org/r\(i % 70)", at: D.monday + Int64(i))
            switch i % 13 {
            case 3: lines.append("")
            case 5: lines.append("junk \(i)")
            // A user agent without its closing quote does not make a line malformed.
            case 1: lines.append(String(clone.dropLast()))
            case 2: lines.append(String(clone.replacing("POST", with: "GET").dropLast()))
            case 9, 10, 11: lines.append(clone.replacing("POST", with: "GET"))
            case 12: lines.append(clone.replacing(" 200 ", with: " 403 "))
            case 7: lines.append(D.clone("u\(i % 50)", "org/r\(i % 70)", at: D.monday + Int64(i)) + "\r")
            default: lines.append(D.clone("u\(i % 50)", "org/r\(i % 70)", at: D.monday + Int64(i)))
            }
            if longEvery > 0 && i % longEvery == longEvery - 1 {
                lines.append(String(repeating: "L", count: longLength))
            }
        }
        return lines.joined(separator: "\n")  // no newline after the last line
    }

    @Test(
        "block reading equals line reading",
        arguments: [(false, LogFormat?.none), (true, .none), (false, .combined), (true, .combined)])
    func equalsLineByLine(prefetch: Bool, format: LogFormat?) throws {
        let dir = try TestSupport.temporaryDirectory()
        let text = Self.mixedLog(count: 60_000, longEvery: 997, longLength: 1500)
        try TestSupport.write(text, to: dir + "/mixed.log")
        try TestSupport.gzip(Data(text.utf8)).write(to: URL(fileURLWithPath: dir + "/mixed.log.gz"))
        for name in ["mixed.log", "mixed.log.gz"] {
            let path = dir + "/" + name
            let got = try Self.viaSource(path, format: format, maxLineLength: 1000, prefetch: prefetch)
            let want = try Self.viaLines(path, format: .combined, maxLineLength: 1000)
            #expect(got.events.count > 40_000)
            #expect(got.overlong > 50)
            #expect(got == want, "\(name)")
        }
    }

    @Test("leaving unclassified events out hands out the rest unchanged, and counts them", arguments: [false, true])
    func skipsUnclassified(prefetch: Bool) throws {
        let dir = try TestSupport.temporaryDirectory()
        // Whole blocks of unclassified events too: rounds with no entry at all, and a skipped last line.
        var text = Self.mixedLog(count: 60_000, longEvery: 997, longLength: 1500) + "\n"
        let view = D.clone("v", "org/page", at: D.monday + 90_000).replacing("POST", with: "GET")
        text += Array(repeating: view, count: 30_000).joined(separator: "\n")
        try TestSupport.gzip(Data(text.utf8)).write(to: URL(fileURLWithPath: dir + "/mixed.log.gz"))
        let path = dir + "/mixed.log.gz"
        let got = try Self.viaSource(
            path, format: nil, maxLineLength: 1000, prefetch: prefetch, skipsUnclassified: true)
        let want = try Self.viaLines(path, format: .combined, maxLineLength: 1000, classifiedOnly: true)
        let all = try Self.viaLines(path, format: .combined, maxLineLength: 1000)
        #expect(got == want)
        #expect(got.eventCount == all.eventCount && got.lines == all.lines)
        #expect(got.events.count > 20_000 && all.events.count - got.events.count > 45_000)
    }

    @Test("blocks with more lines than a parsed round holds, and lines longer than a block", arguments: [false, true])
    func shortAndHugeLines(prefetch: Bool) throws {
        let dir = try TestSupport.temporaryDirectory()
        // 300 000 tiny lines (many rounds per block), then a line longer than a whole block.
        var text = (0..<300_000).map { $0 % 2 == 0 ? "" : "x\($0 % 10)" }.joined(separator: "\n")
        text += "\n" + String(repeating: "H", count: 3 << 20) + "\n" + D.clone("late", "org/last", at: D.monday) + "\n"
        try TestSupport.write(text, to: dir + "/short.log")
        let got = try Self.viaSource(dir + "/short.log", format: .combined, maxLineLength: 1024, prefetch: prefetch)
        let want = try Self.viaLines(dir + "/short.log", format: .combined, maxLineLength: 1024)
        #expect(got == want)
        #expect(got.events.count == 1 && got.malformedCount == 150_000 && got.overlong == 1)
    }

    @Test("remembering the last date never changes what a line parses to")
    func dates() throws {
        let dir = try TestSupport.temporaryDirectory()
        let stamps = [
            "10/Oct/2025:13:55:36 -0700", "10/Oct/2025:13:55:37 +0000", "10/Oct/2025:24:00:00 +0000",
            "10/oct/2025:13:55:38 +0130", "32/Oct/2025:13:55:38 +0000", "10/Oct/2025:13:55:39 +0000",
            "10/Foo/2025:13:55:39 +0000", "10/Oct/2025:13:60:39 +0000", "10/Oct/2O25:13:55:39 +0000",
            "10/Oct/2025:13:55:60 +0000", "10/Oct/2025:13:55:40 *0000", "10/Oct/2025 13:55:41 +0000",
            "11/Oct/2025:00:00:00 +0000", "10/Oct/2025:23:59:59 -1200", "00/Oct/2025:13:55:41 +0000",
            "29/Feb/2024:12:00:00 +0000", "29/Feb/2025:12:00:00 +0000", "10-Oct/2025:13:55:41 +0000",
        ]
        var lines: [String] = []
        for i in 0..<3000 {
            let stamp = stamps[(i * 7) % stamps.count]
            let request = "\"POST /o/r\(i % 4).git/git-upload-pack HTTP/1.1\""
            lines.append("10.0.0.\(i % 9) - u\(i % 5) [\(stamp)] \(request) 200 9 \"-\" \"git\"")
        }
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: dir + "/dates.log")
        let got = try Self.viaSource(dir + "/dates.log", format: .combined, maxLineLength: 1000, prefetch: true)
        let want = try Self.viaLines(dir + "/dates.log", format: .combined, maxLineLength: 1000)
        #expect(got == want)
        #expect(got.eventCount > 1000 && got.malformedCount > 1000)
    }

    @Test("a truncated gzip ends the events where line reading ends them, with its error", arguments: [false, true])
    func truncated(prefetch: Bool) throws {
        let dir = try TestSupport.temporaryDirectory()
        let full = try TestSupport.gzip(Data(Self.mixedLog(count: 40_000, longEvery: 0, longLength: 0).utf8))
        try full.prefix(full.count * 2 / 3).write(to: URL(fileURLWithPath: dir + "/cut.log.gz"))
        let got = try Self.viaSource(dir + "/cut.log.gz", format: nil, maxLineLength: 1000, prefetch: prefetch)
        let want = try Self.viaLines(dir + "/cut.log.gz", format: .combined, maxLineLength: 1000)
        #expect(got.error?.kind == .truncatedGzip)
        #expect(got == want)
    }
}
