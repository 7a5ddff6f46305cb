import ExfilWatch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("StdoutAlertSink")
struct StdoutAlertSinkTests {
    /// Delivers `alerts` to a sink writing into a pipe and returns what came out.
    private func output(_ format: StdoutAlertSink.Format, _ alerts: [Alert]) throws -> String {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = StdoutAlertSink(format: format, fileDescriptor: fds[1])
        for alert in alerts { try sink.deliver(alert) }
        try sink.close()
        close(fds[1])
        return String(
            decoding: FileHandle(fileDescriptor: fds[0], closeOnDealloc: false).readDataToEndOfFile(), as: UTF8.self)
    }

    @Test("JSON Lines: one line per alert that decodes back to the alert")
    func jsonLines() throws {
        let alerts = [AlertTestSupport.alert(id: "a.r0"), AlertTestSupport.alert(id: "b.r0", actor: "bob")]
        let lines = try output(.jsonl, alerts).split(separator: "\n")
        #expect(lines.count == 2)
        let decoded = try lines.map { try JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
        #expect(decoded.map(\.id) == ["a.r0", "b.r0"])
        #expect(decoded[1].actor == "bob")
    }

    @Test("text: a readable block, and no control character from the logs reaches the terminal")
    func textEscapesUntrustedStrings() throws {
        let alert = AlertTestSupport.alert(
            actor: "mallory\u{1b}]0;owned\u{07}\u{1b}[2J", reason: "clones\u{9b}31m from \u{202e}txt.exe",
            resources: ["acme/\u{1b}[8mhidden", "acme/ok\nFAKE LINE"])
        let text = try output(.text, [alert])
        #expect(text.hasPrefix("HIGH  mallory"))
        #expect(text.contains(#"mallory\x1b]0;owned\x07\x1b[2J"#))
        #expect(text.contains(#"clones\u{9b}31m from \u{202e}txt.exe"#))
        #expect(text.contains(#"acme/\x1b[8mhidden, acme/ok\nFAKE LINE"#))
        #expect(text.contains("window   2025-11-09T00:20:00Z → 2025-11-09T00:30:00Z"))
        #expect(text.contains("signals  signal          scale  observed  expected  p-value"))
        // The only control characters left are the block's own newlines.
        #expect(!text.unicodeScalars.contains { $0 != "\n" && TerminalEscaper.needsEscaping($0) && $0 != "\\" })
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("FAKE") })
    }

    @Test("a closed pipe ends delivery with outputClosed, not a crash, and stays closed")
    func closedPipe() throws {
        StdoutAlertSink.ignoreSIGPIPE()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])  // the reader (`head -1`) went away
        defer { close(fds[1]) }
        let sink = StdoutAlertSink(format: .jsonl, fileDescriptor: fds[1])
        var caught = false
        do {
            try sink.deliver(AlertTestSupport.alert())
        } catch AlertSinkError.outputClosed {
            caught = true
        }
        #expect(caught)
        #expect(throws: AlertSinkError.self) { try sink.deliver(AlertTestSupport.alert(id: "next.r0")) }
        try sink.close()
    }

    @Test("a full disk is a clear error naming the cause")
    func diskFull() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let sink = StdoutAlertSink(format: .jsonl, fileDescriptor: fd)
        let error = try #require(throws: AlertSinkError.self) { try sink.deliver(AlertTestSupport.alert()) }
        #expect(error.code == .diskFull)
        #expect(error.description.contains("No space left on device"))
    }

    @Test("automatic format: text on a terminal")
    func automaticFormatOnTerminal() throws {
        // posix_openpt and friends are not in the Swift Glibc module; look them up in libc.
        typealias IntFn = @convention(c) (Int32) -> Int32
        typealias NameFn = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let libc = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, _: T.Type) throws -> T {
            unsafeBitCast(try #require(dlsym(libc, name)), to: T.self)
        }
        let openpt = try symbol("posix_openpt", IntFn.self)
        let master = openpt(O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        #expect(try symbol("grantpt", IntFn.self)(master) == 0)
        #expect(try symbol("unlockpt", IntFn.self)(master) == 0)
        let name = try #require(try symbol("ptsname", NameFn.self)(master).map { String(cString: $0) })
        let terminal = open(name, O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
        defer { close(terminal) }
        #expect(StdoutAlertSink.Format.automatic(fileDescriptor: terminal) == .text)
    }

    @Test("automatic format: JSON Lines on a pipe")
    func automaticFormat() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        #expect(StdoutAlertSink.Format.automatic(fileDescriptor: fds[1]) == .jsonl)
        #expect(StdoutAlertSink(fileDescriptor: fds[1]).format == .jsonl)
    }
}
