import Foundation
import Testing

@testable import ExfilWatch

/// Release-build measurements, run on demand: `EXFILWATCH_BENCH=1 swift test -c release --filter Benchmark`.
/// They print throughput (per CPU second of the measuring thread) and bytes per actor; the assertions
/// are loose sanity bounds.
@Suite("Benchmark", .serialized, .enabled(if: ProcessInfo.processInfo.environment["EXFILWATCH_BENCH"] != nil))
struct BaselineBenchmarkTests {
    /// CPU time of the calling thread spent in `body`, seconds (robust to other load on the machine).
    static func seconds(_ body: () -> Void) -> Double {
        func now() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
        let start = now()
        body()
        return now() - start
    }

    /// Heap allocations so far, when the process runs with a counting shim preloaded (a library exporting
    /// `exfil_malloc_count`, e.g. `LD_PRELOAD=libmcount.so`); nil otherwise.
    static func allocations() -> UInt64? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "exfil_malloc_count") else { return nil }
        typealias Counter = @convention(c) () -> UInt64
        return unsafeBitCast(symbol, to: Counter.self)()
    }

    /// A realistic mix: 20 000 actors, 90 % of events web/API traffic (`.other`), the rest clones and
    /// fetches of each actor's few familiar repositories; about 2 000 events per second of event time.
    static func realisticMix(count: Int, actors: Int = 20_000, transferPercent: Int = 10) -> [Observation] {
        var random = TestRandom(seed: 42)
        var events: [Observation] = []
        events.reserveCapacity(count)
        var t = SyntheticStream.start
        for i in 0..<count {
            if i % 2000 == 0 { t += 1 }
            let actor = UInt32(random.int(actors))
            let roll = random.int(100)
            let home = Int(actor % 50)
            let repo = UInt32(1000 + home * 100 + Int(actor % 7) + random.int(3))
            let action: ActionClass =
                roll >= transferPercent ? .other : roll < transferPercent * 7 / 10 ? .fetch : .clone
            events.append(
                Observation(
                    time: t - Int64(random.int(30)), actor: actor, action: action,
                    resource: action == .other ? Observation.none : repo,
                    namespace: action == .other ? Observation.none : UInt32(home), source: 50_000 + actor % 1000,
                    bytes: action == .other ? 2000 : 400_000))
        }
        return events
    }

    @Test("observe() throughput on a realistic mix", arguments: [0, 5, 10, 100])
    func throughput(transferPercent: Int) {
        let events = BaselineBenchmarkTests.realisticMix(count: 4_000_000, transferPercent: transferPercent)
        var detector = BaselineDetector(model: .shipped)
        var alerts = 0
        // Warm up on the first half (tables grow), measure the second half.
        for e in events[0..<2_000_000] { detector.observe(e) { _ in alerts += 1 } }
        let before = BaselineBenchmarkTests.allocations()
        let elapsed = BaselineBenchmarkTests.seconds {
            for e in events[2_000_000...] { detector.observe(e) { _ in alerts += 1 } }
        }
        if let before, let after = BaselineBenchmarkTests.allocations() {
            print("BENCH observe, \(transferPercent)% transfers: \(after - before) heap allocations in 2M events")
        }
        let rate = 2_000_000 / elapsed
        let nanos = String(format: "%.1f", elapsed * 1e9 / 2_000_000)
        print("BENCH observe, \(transferPercent)% transfers: \(Int(rate)) events/s (\(nanos) ns/event)")
        #expect(alerts == 0)
        #expect(rate > 1_000_000)
    }

    @Test("bytes per actor at one million actors")
    func bytesPerActor() {
        var detector = BaselineDetector(model: .shipped)
        let actors = 1_000_000
        var t = SyntheticStream.start
        // Scanners: each seen three times (three clones of distinct repositories, one namespace, one address).
        let elapsed = BaselineBenchmarkTests.seconds {
            for a in 0..<actors {
                if a % 20 == 0 { t += 1 }
                for k in 0..<3 {
                    detector.observe(
                        Observation(
                            time: t, actor: UInt32(a), action: .clone, resource: UInt32(1000 + (a + k * 7) % 5000),
                            namespace: UInt32(a % 50), source: UInt32(50_000 + a % 100_000), bytes: 1_000_000)
                    ) { _ in }
                }
            }
        }
        let active = detector.approximateBytes()
        detector.advance(to: t + 2 * SyntheticStream.day) { _ in }
        detector.evictIdle(olderThan: t + 2 * SyntheticStream.day)
        let idle = detector.approximateBytes()
        let time = String(format: "%.1f", elapsed)
        print("BENCH 1M actors: \(active / actors) bytes/actor with open windows, \(idle / actors) after eviction")
        print("BENCH 1M actors: 3M observe() calls in \(time) s")
        var others = BaselineDetector(model: .shipped)
        for a in 0..<actors {
            others.observe(Observation(time: t, actor: UInt32(a), action: .other, source: UInt32(a))) { _ in }
        }
        print("BENCH 1M web-only actors: \(others.approximateBytes() / actors) bytes/actor")
        #expect(active / actors < 600)
    }
}
