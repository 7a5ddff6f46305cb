import ExfilWatch
import Foundation
import Testing

/// `tail` against real files while lines are appended: rotation, truncation, new and recreated
/// files. Every test compares the alerts with a batch `scan` of the same lines (same ids, none
/// missing, none twice).
@Suite("Tail: rotation and new files", .serialized)
struct TailRotationTests {
    typealias D = PipelineTestData

    static let rule = StaticRule.elasticUserClones

    /// Index just inside mallory's first burst (after its 12th line): a cut there splits an episode.
    static func midBurst(_ lines: [String]) -> Int {
        lines.indices.filter { lines[$0].contains(" mallory ") }[12]
    }

    /// Appends `lines`, first waiting until tail has opened the file and read its first lines (a file
    /// rotated away before tail ever saw it is beyond recovery); the rest is appended without waiting,
    /// so lines are usually still unread when the caller rotates the file.
    static func appendOpened(_ harness: TailHarness, _ lines: ArraySlice<String>, to path: String) async throws {
        try await TailTest.append(lines.prefix(10), to: path)
        #expect(await harness.wait { $0.lines >= 10 })
        try await TailTest.append(lines.dropFirst(10), to: path)
    }

    func expectSameAlerts(_ harness: TailHarness, _ lines: [String], sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let expected = try TailTest.scanAlerts(lines, StaticRuleDetector(rule: Self.rule))
        #expect(expected.count == 3, sourceLocation: sourceLocation)
        let read = await harness.wait { $0.lines == Int64(lines.count) && $0.alerts >= Int64(expected.count) }
        #expect(read, "lines read \(harness.status.lines) of \(lines.count)", sourceLocation: sourceLocation)
        try await Task.sleep(for: .milliseconds(100))  // a repeat would show up within a few polls
        try await harness.stop()
        let ids = TailTest.ids(harness.alerts)
        #expect(Set(ids) == Set(TailTest.ids(expected)), sourceLocation: sourceLocation)
        #expect(ids.count == Set(ids).count, "an alert was delivered twice", sourceLocation: sourceLocation)
        #expect(
            harness.alerts.map(\.detectedAt).sorted() == expected.map(\.detectedAt).sorted(),
            sourceLocation: sourceLocation)
        #expect(harness.status.lines == Int64(lines.count), sourceLocation: sourceLocation)
    }

    @Test("rename rotation mid-burst: the rest of the old file is read, then the new file", arguments: [false, true])
    func renameRotation(glob: Bool) async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let lines = TailTest.timeline()
        let cut = Self.midBurst(lines)
        let harness = TailHarness(TailTest.configuration([glob ? dir + "/access.log*" : path])) {
            StaticRuleDetector(rule: Self.rule)
        }
        try await Self.appendOpened(harness, lines[..<cut], to: path)
        try FileManager.default.moveItem(atPath: path, toPath: dir + "/access.log.1")
        // logrotate `create` makes the new, empty file at once; the server keeps writing to the
        // renamed file until it reopens its log, a line every 40 ms.
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        try await TailTest.append(lines[cut..<cut + 10], to: dir + "/access.log.1", perWrite: 1, pause: 40)
        try await TailTest.append(lines[(cut + 10)...], to: path)
        if glob {
            // Later the rotated file is compressed: a new inode with old content, which tail ignores.
            #expect(await harness.wait { $0.lines == Int64(lines.count) })
            let old = try Data(contentsOf: URL(fileURLWithPath: dir + "/access.log.1"))
            try TestSupport.gzip(old).write(to: URL(fileURLWithPath: dir + "/access.log.2.gz"))
            try FileManager.default.removeItem(atPath: dir + "/access.log.1")
            try await Task.sleep(for: .milliseconds(500))
        }
        // The renamed file is closed once it has been quiet for the grace period.
        #expect(await harness.wait { $0.files.count == 1 })
        try await expectSameAlerts(harness, lines)
        #expect(harness.status.files.map(\.path) == [path])
    }

    @Test(
        "copytruncate: the file shrinks and is read again from 0; a globbed copy is not read twice",
        arguments: [false, true])
    func copyTruncate(glob: Bool) async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let lines = TailTest.timeline()
        let cut = Self.midBurst(lines)
        let harness = TailHarness(TailTest.configuration([glob ? dir + "/access.log*" : path])) {
            StaticRuleDetector(rule: Self.rule)
        }
        try await TailTest.append(lines[..<cut], to: path)
        #expect(await harness.wait { $0.lines == Int64(cut) })
        // logrotate copytruncate: copy (made complete before it appears, as a fast cp is), then truncate.
        try FileManager.default.copyItem(atPath: path, toPath: dir + "/.copy")
        try FileManager.default.moveItem(atPath: dir + "/.copy", toPath: dir + "/access.log.1")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try await TailTest.append(lines[cut...], to: path)
        try await expectSameAlerts(harness, lines)
    }

    @Test("copytruncate where the new content outgrows the old between two polls is still noticed")
    func truncateAndRegrow() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let lines = TailTest.timeline()
        let cut = 40
        var configuration = TailTest.configuration([path])
        configuration.pollInterval = 0.3
        let harness = TailHarness(configuration) { StaticRuleDetector(rule: Self.rule) }
        try TestSupport.write(lines[..<cut].joined(separator: "\n") + "\n", to: path)
        #expect(await harness.wait { $0.lines == Int64(cut) })
        // Truncate and write more than before in one go: the size never looks smaller at a poll.
        try TestSupport.write(lines[cut...].joined(separator: "\n") + "\n", to: path)
        try await expectSameAlerts(harness, lines)
    }

    @Test("a file that does not exist at start is picked up when it appears; a glob picks up new files")
    func createdAfterStart() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let lines = TailTest.timeline()
        let cut = Self.midBurst(lines)
        let harness = TailHarness(TailTest.configuration([dir + "/late.log", dir + "/other-*.log"])) {
            StaticRuleDetector(rule: Self.rule)
        }
        #expect(await harness.wait { $0.polls >= 5 })
        #expect(harness.status.files.isEmpty)
        try await TailTest.append(lines[..<cut], to: dir + "/late.log")
        #expect(await harness.wait { $0.lines == Int64(cut) })
        try await TailTest.append(lines[cut...], to: dir + "/other-1.log")
        try await expectSameAlerts(harness, lines)
        #expect(Set(harness.status.files.map(\.path)) == [dir + "/late.log", dir + "/other-1.log"])
    }

    @Test("--start-at end: existing content is skipped (from the next whole line); appended lines count")
    func startAtEnd() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let lines = TailTest.timeline()
        let cut = Self.midBurst(lines) + 20
        // The existing file ends inside a line: the rest of that line must not be read as a line.
        try TestSupport.write(lines[..<cut].joined(separator: "\n") + "\n" + lines[cut].prefix(20), to: path)
        var configuration = TailTest.configuration([path])
        configuration.startAtEnd = true
        let harness = TailHarness(configuration) { StaticRuleDetector(rule: Self.rule) }
        #expect(await harness.wait { $0.polls >= 3 })
        try await TailTest.append([String(lines[cut].dropFirst(20))] + lines[(cut + 1)...], to: path)
        let rest = Array(lines[(cut + 1)...])
        let expected = try TailTest.scanAlerts(rest, StaticRuleDetector(rule: Self.rule))
        #expect(await harness.wait { $0.lines == Int64(rest.count) && $0.alerts == Int64(expected.count) })
        try await Task.sleep(for: .milliseconds(100))
        try await harness.stop()
        #expect(harness.status.lines == Int64(rest.count) && harness.status.malformedLines == 0)
        #expect(TailTest.ids(harness.alerts) == TailTest.ids(expected))
        #expect(expected.count == 2)
    }

    @Test("delete and recreate: the old file is finished, the new one read from 0")
    func deleteAndRecreate() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let lines = TailTest.timeline()
        let cut = Self.midBurst(lines)
        let harness = TailHarness(TailTest.configuration([path])) { StaticRuleDetector(rule: Self.rule) }
        try await Self.appendOpened(harness, lines[..<cut], to: path)
        try FileManager.default.removeItem(atPath: path)
        try await TailTest.append(lines[cut...], to: path)
        try await expectSameAlerts(harness, lines)
    }

    @Test("a partial last line waits for its newline; a rotated file's unterminated last line is counted")
    func partialLines() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        let lines = TailTest.timeline()
        let cut = Self.midBurst(lines)
        let harness = TailHarness(TailTest.configuration([path])) { StaticRuleDetector(rule: Self.rule) }
        let head = lines[..<cut].joined(separator: "\n") + "\n" + lines[cut].prefix(30)
        try TestSupport.write(head, to: path)
        #expect(await harness.wait { $0.lines == Int64(cut) })
        try await Task.sleep(for: .milliseconds(100))
        #expect(harness.status.lines == Int64(cut))
        let rest = Data((lines[cut].dropFirst(30) + "\n" + lines[(cut + 1)...].joined(separator: "\n")).utf8)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: rest)  // no newline after the last line
        try handle.close()
        #expect(await harness.wait { $0.lines == Int64(lines.count - 1) })
        // Rotation ends the file: after the grace period its last line counts without a newline.
        try FileManager.default.moveItem(atPath: path, toPath: dir + "/access.log.1")
        try await expectSameAlerts(harness, lines)
    }

    @Test("a line over --max-line-length is skipped and counted; the lines around it are read")
    func overlongLine() async throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir + "/access.log"
        var configuration = TailTest.configuration([path])
        configuration.options.maxLineLength = 4096
        let harness = TailHarness(configuration) { StaticRuleDetector(rule: Self.rule) }
        let clone = D.clone("alice", "acme/a", at: D.monday)
        try await TailTest.append([clone, "x" + String(repeating: "y", count: 70_000), clone], to: path)
        #expect(await harness.wait { $0.lines == 2 && $0.overlongLines == 1 })
        try await harness.stop()
        #expect(harness.status.events == 2)
    }
}
