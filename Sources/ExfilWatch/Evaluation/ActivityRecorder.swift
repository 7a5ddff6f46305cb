/// Records each actor's transfers (clones, fetches, archives, exports, LFS) per fixed bucket of
/// event time, for the report's per-actor charts. Runs as a ``Detector`` behind its own
/// ``DetectionEngine`` so actor keys are exactly those of the alerts.
///
/// Memory: one dictionary entry per (actor, non-empty bucket).
public struct ActivityRecorder: Detector {
    public var name: String { "activity" }
    /// Bucket length, seconds.
    public let bucket: Int64
    /// counts[actor][bucket start] = transfers.
    public private(set) var counts: [UInt32: [Int64: Int]] = [:]

    public init(bucket: Int64 = 600) {
        self.bucket = bucket
    }

    public mutating func observe(_ o: Observation, emit: (AlertCandidate) -> Void) {
        guard o.action.isTransferOut else { return }
        let start = o.time - ((o.time % bucket) + bucket) % bucket
        counts[o.actor, default: [:]][start, default: 0] += 1
    }

    public mutating func advance(to watermark: Int64, emit: (AlertCandidate) -> Void) {}

    /// The actor's counts for every bucket in `range` (zeros included), oldest first.
    public func series(actor: UInt32, range: ClosedRange<Int64>) -> [(time: Int64, count: Int)] {
        let perBucket = counts[actor] ?? [:]
        let first = range.lowerBound - ((range.lowerBound % bucket) + bucket) % bucket
        return stride(from: first, through: range.upperBound, by: Int(bucket)).map { ($0, perBucket[$0] ?? 0) }
    }
}

extension ActivityRecorder {
    public mutating func dropActors(_ remap: IdRemap) {
        var kept: [UInt32: [Int64: Int]] = [:]
        for (actor, series) in counts {
            if let newId = remap[actor] { kept[newId] = series }
        }
        counts = kept
    }

    public func markSources(_ referenced: inout [Bool]) {}

    public mutating func renumberSources(_ remap: IdRemap) {}
}
