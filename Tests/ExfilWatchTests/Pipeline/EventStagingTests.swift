import Foundation
import Testing

@testable import ExfilWatch

/// Batch reads stage events a few places ahead of the detector for cache hints
/// (``DetectionEngine/stagesEvents``): that must change nothing a user sees.
@Suite("Pipeline: events staged ahead of the detector")
struct EventStagingTests {
    /// Feeds `lines` (combined format) to `engine` one by one, then closes its windows.
    static func feed<Det: Detector>(_ lines: [String], to engine: DetectionEngine<Det>) {
        var event = Event()
        for line in lines {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBytes { raw in
                let line = UnsafeRawBufferPointer(raw)
                if LogFormat.combined.parse(line, into: &event) { engine.process(event, line: line) }
            }
        }
    }

    static func run(staged: Bool, maxActors: Int?) -> (alerts: [Alert], state: [UInt8], dropped: Int) {
        var alerts: [Alert] = []
        let engine = DetectionEngine(detector: BaselineDetector(model: ActorCapTests.model), maxActors: maxActors) {
            alerts.append($0)
        }
        engine.stagesEvents = staged
        feed(ActorCapTests.lines(), to: engine)
        let state = engine.encodeState()
        engine.finish()
        return (alerts, state, engine.droppedActors)
    }

    @Test("staged and one-at-a-time give the same alerts and the same saved state", arguments: [nil, 300])
    func sameResults(maxActors: Int?) {
        let direct = Self.run(staged: false, maxActors: maxActors)
        let staged = Self.run(staged: true, maxActors: maxActors)
        #expect(direct.alerts.contains { $0.actor == "alice" })
        #expect(staged.alerts.map(\.id) == direct.alerts.map(\.id))
        let sameAlerts = staged.alerts == direct.alerts
        let sameState = staged.state == direct.state
        #expect(sameAlerts, "alerts differ in their details")
        #expect(sameState, "saved engine state differs (\(staged.state.count) against \(direct.state.count) bytes)")
        #expect(staged.dropped == direct.dropped)
        if maxActors != nil { #expect(direct.dropped > 0) }
    }

    @Test("staged events reach the detector before its state is read, its clock moves or staging stops")
    func drains() {
        let times = (0..<4).map { PipelineTestData.monday + 60 * Int64($0) }
        let lines = times.enumerated().map { PipelineTestData.clone("alice", "acme/r\($0.offset)", at: $0.element) }
        let engine = DetectionEngine(detector: RecordingDetector()) { _ in }
        engine.stagesEvents = true
        Self.feed(lines, to: engine)
        #expect(engine.detector.observations.isEmpty)
        engine.advance(to: PipelineTestData.monday + 3600)
        #expect(engine.detector.observations.map(\.time) == times)

        Self.feed(lines.map { $0.replacingOccurrences(of: "alice", with: "bob") }, to: engine)
        #expect(engine.detector.observations.count == 4)
        engine.stagesEvents = false
        #expect(engine.detector.observations.count == 8)
    }
}
