import ExfilWatch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("DeliveryLedger and DedupingSink")
struct DeliveryLedgerTests {
    /// Records the ids it is given.
    final class RecordingSink: AlertSink {
        var ids: [String] = []
        func deliver(_ alert: Alert) throws { ids.append(alert.id) }
        func close() throws {}
    }

    @Test("a persisted ledger survives a restart: the restarted run skips what was delivered")
    func persistedAcrossRestart() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let first = RecordingSink()
        let sink = DedupingSink(
            next: first, ledger: try DeliveryLedger(directory: SpoolDirectory(path: root + "/state")))
        for id in ["a.r0", "b.r0", "a.r0", "c.r0"] { try sink.deliver(AlertTestSupport.alert(id: id)) }
        try sink.close()
        #expect(first.ids == ["a.r0", "b.r0", "c.r0"])
        #expect(sink.skipped == 1)
        var info = stat()
        #expect(stat(root + "/state/delivered-ids", &info) == 0 && info.st_mode & 0o777 == 0o600)

        let second = RecordingSink()
        let restarted = DedupingSink(
            next: second, ledger: try DeliveryLedger(directory: SpoolDirectory(path: root + "/state")))
        for id in ["b.r0", "c.r0", "c.r1", "d.r0"] { try restarted.deliver(AlertTestSupport.alert(id: id)) }
        try restarted.close()
        #expect(second.ids == ["c.r1", "d.r0"])
    }

    @Test("the ledger is bounded: the oldest ids are forgotten first, also after reload")
    func bounded() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let ledger = try DeliveryLedger(directory: SpoolDirectory(path: root), capacity: 3)
        for k in 0..<5 { ledger.record("id\(k)") }
        #expect(ledger.count == 3)
        #expect(!ledger.contains("id1") && ledger.contains("id2") && ledger.contains("id4"))
        try ledger.save()
        #expect(!ledger.hasUnsavedChanges)
        let reloaded = try DeliveryLedger(directory: SpoolDirectory(path: root), capacity: 2)
        #expect(reloaded.count == 2 && reloaded.contains("id3") && reloaded.contains("id4"))
    }

    @Test("an in-memory ledger deduplicates within one run and writes nothing")
    func inMemory() throws {
        let next = RecordingSink()
        let sink = DedupingSink(next: next, ledger: DeliveryLedger())
        for id in ["x.r0", "x.r0", "y.r0", "x.r0"] { try sink.deliver(AlertTestSupport.alert(id: id)) }
        try sink.close()
        #expect(next.ids == ["x.r0", "y.r0"])
    }

    @Test("an alert the next sink refused is not recorded, so it is tried again")
    func refusedNotRecorded() throws {
        final class FlakySink: AlertSink {
            var calls = 0
            func deliver(_ alert: Alert) throws {
                calls += 1
                if calls == 1 { throw AlertSinkError(code: .io, message: "boom") }
            }
            func close() throws {}
        }
        let flaky = FlakySink()
        let sink = DedupingSink(next: flaky, ledger: DeliveryLedger())
        #expect(throws: AlertSinkError.self) { try sink.deliver(AlertTestSupport.alert()) }
        try sink.deliver(AlertTestSupport.alert())
        try sink.deliver(AlertTestSupport.alert())
        #expect(flaky.calls == 2)
    }
}
