import ExfilWatch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("FanOutSink and the sink chain")
struct FanOutSinkTests {
    final class RecordingSink: AlertSink {
        var alerts: [Alert] = []
        var closed = false
        func deliver(_ alert: Alert) throws { alerts.append(alert) }
        func close() throws { closed = true }
    }

    final class FailingSink: AlertSink {
        func deliver(_ alert: Alert) throws {
            throw AlertSinkError(code: .diskFull, message: "write failed: No space left on device", path: "/full")
        }
        func close() throws { throw AlertSinkError(code: .io, message: "flush failed", path: "/full") }
    }

    @Test("one failing sink does not keep alerts from the others; every failure is reported and rethrown at close")
    func failureIsLoudNotContagious() throws {
        let before = RecordingSink()
        let after = RecordingSink()
        var reported: [AlertSinkError] = []
        let fan = FanOutSink([before, FailingSink(), after], onError: { reported.append($0) })
        try fan.deliver(AlertTestSupport.alert(id: "a.r0"))
        try fan.deliver(AlertTestSupport.alert(id: "b.r0"))
        #expect(before.alerts.map(\.id) == ["a.r0", "b.r0"])
        #expect(after.alerts.map(\.id) == ["a.r0", "b.r0"])
        #expect(reported.count == 2 && reported[0].alertIDs == ["a.r0"])
        let error = try #require(throws: AlertSinkError.self) { try fan.close() }
        #expect(error.code == .multiple)
        #expect(error.underlying.count == 3)
        #expect(error.description.contains("/full: write failed: No space left on device (alerts: a.r0)"))
        #expect(before.closed && after.closed)
    }

    @Test("a closed stdout stops the run quietly after the other sinks got the alert")
    func outputClosedPropagates() throws {
        StdoutAlertSink.ignoreSIGPIPE()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        let files = RecordingSink()
        let fan = FanOutSink([StdoutAlertSink(format: .jsonl, fileDescriptor: fds[1]), files])
        var stopped = false
        do {
            try fan.deliver(AlertTestSupport.alert())
        } catch AlertSinkError.outputClosed {
            stopped = true
        }
        #expect(stopped)
        #expect(files.alerts.count == 1)
        try fan.close()  // quiet: nothing else failed
    }

    @Test("the whole chain as the CLI builds it: redact, dedupe, then stdout text and webhook files")
    func chain() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let stdout = StdoutAlertSink(format: .text, fileDescriptor: fds[1])
        let files = try WebhookFileSink(path: root + "/hooks", payload: .raw)
        let chain = RedactingSink(
            redactor: try Redactor(),
            next: DedupingSink(next: FanOutSink([stdout, files]), ledger: DeliveryLedger()))
        let leaky = AlertTestSupport.alert(
            id: "ep7.r0", actor: "bob\u{1b}[31m", reason: "export ?private_token=glpat-abcdefghij0123456789")
        try chain.deliver(leaky)
        try chain.deliver(leaky)
        try chain.close()
        close(fds[1])
        let text = String(
            decoding: FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile(), as: UTF8.self)
        #expect(text.components(separatedBy: "HIGH  ").count == 2)  // once, not twice
        #expect(text.contains(#"bob\x1b[31m"#))
        #expect(text.contains("private_token=REDACTED"))
        #expect(!text.contains("glpat-abc"))
        let file = try String(contentsOfFile: root + "/hooks/ep7.r0.json", encoding: .utf8)
        #expect(file.contains("private_token=REDACTED") && !file.contains("glpat-abc"))
    }
}
