import ExfilWatch

/// A detector that only counts: isolates the pipeline's own cost (and allocations) from a detector's.
struct CountingDetector: Detector {
    var name: String { "counting" }
    var observations = 0

    mutating func observe(_ observation: Observation, emit: (AlertCandidate) -> Void) {
        observations += 1
    }

    mutating func advance(to watermark: Int64, emit: (AlertCandidate) -> Void) {}

    // No per-actor state: nothing to drop or renumber under --max-actors.
    mutating func dropActors(_ actors: IdRemap) {}
    func markSources(_ referenced: inout [Bool]) {}
    mutating func renumberSources(_ sources: IdRemap) {}
}
