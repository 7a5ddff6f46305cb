/// The time scales of a model in minutes: bucket and window length per scale, finest first.
///
/// Invariants (checked by ``BaselineModel/validate()``): every bucket is a whole number of minutes,
/// each scale's bucket divides the next scale's bucket and the window of the scale before it, and a
/// window is a whole number of its buckets. Cells of scale `i` (the per-actor counters, see
/// ``CellPool``) can then be merged into cells of scale `i + 1` without straddling a window.
struct ScaleGeometry: Sendable, Equatable {
    /// Bucket length of each scale, minutes.
    let bucketMinutes: [Int32]
    /// Window length of each scale, minutes.
    let windowMinutes: [Int32]
    /// Allowed lateness of events, seconds.
    let latenessSeconds: Int64

    var count: Int { bucketMinutes.count }
    /// Longest window, minutes.
    var maxWindowMinutes: Int32 { windowMinutes.last ?? 0 }

    /// Scales from their bucket and window lengths in seconds (whole minutes), finest first.
    init(bucketSeconds: [Int], windowSeconds: [Int], latenessSeconds: Int64) {
        bucketMinutes = bucketSeconds.map { Int32($0 / 60) }
        windowMinutes = windowSeconds.map { Int32($0 / 60) }
        self.latenessSeconds = latenessSeconds
    }

    /// Start minute of the bucket of scale `scale` that contains `minute`.
    @inline(__always)
    func bucketStart(_ minute: Int32, scale: Int) -> Int32 {
        let b = bucketMinutes[scale]
        return EventTime.floorDiv(minute, b) * b
    }

    /// The running (sliding) window of `scale` at clock minute `now`: the `window / bucket` buckets
    /// ending with the bucket that contains `now`, as a half-open minute range.
    @inline(__always)
    func runningWindow(now: Int32, scale: Int) -> (start: Int32, end: Int32) {
        let end = bucketStart(now, scale: scale) + bucketMinutes[scale]
        return (end - windowMinutes[scale], end)
    }

    /// Index of the tumbling (learning) window of `scale` that contains `minute`.
    @inline(__always)
    func windowIndex(_ minute: Int32, scale: Int) -> Int32 {
        EventTime.floorDiv(minute, windowMinutes[scale])
    }
}
