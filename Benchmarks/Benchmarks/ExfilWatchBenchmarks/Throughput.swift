import Benchmark

extension BenchmarkMetric {
    /// Uncompressed log text processed per second, in decimal megabytes (10⁶ bytes).
    static var megabytesPerSecond: BenchmarkMetric {
        .custom("MB/s (uncompressed)", polarity: .prefersLarger, useScalingFactor: false)
    }
}

extension Benchmark {
    /// Runs `body`, one pass over `megabytes` of uncompressed input, and records its MB/s.
    func measuringThroughput(of megabytes: Double, _ body: () -> Void) {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        measurement(.megabytesPerSecond, Int((megabytes / max(seconds, 1e-9)).rounded()))
    }
}
