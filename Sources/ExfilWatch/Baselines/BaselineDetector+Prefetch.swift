import CZlib

/// Cache hints for events about to be observed. One transfer touches an actor's state in about six
/// places (its id entry, slot, baselines, key table, novelty filter and newest cell), each a likely
/// cache miss among thousands of actors, and each address depends on the one before. The engine
/// stages a few interned events ahead of the detector and names each one here three times as it
/// comes closer, one link of the chain per step, so that by the time the event is observed its lines
/// are in cache. Hints never change state or results.
extension BaselineDetector {
    /// Not `@inline(__always)`: the engine reaches this through the `Detector` witness, and a copy
    /// inlined into the witness called the C hint helper out of line, eight calls an event; this body,
    /// called from the witness, has the hints inlined.
    public mutating func prefetch(_ observation: Observation, stage: Int) {
        switch stage {
        case 0: prefetchActor(observation)
        case 1: prefetchSlot(observation)
        default: prefetchKeys(observation)
        }
    }

    /// Stage 0 (furthest ahead): the actor's id entry.
    @inline(__always)
    func prefetchActor(_ o: Observation) {
        let a = Int(o.actor)
        guard a < actors.count else { return }
        actors.withUnsafeBufferPointer { exfilwatch_prefetch($0.baseAddress! + a) }
    }

    /// Stage 1: the actor's slot and baselines (needs the id entry).
    @inline(__always)
    func prefetchSlot(_ o: Observation) {
        guard o.action.isTransferOut, let slot = slot(of: o) else { return }
        slots.withUnsafeBufferPointer { exfilwatch_prefetch($0.baseAddress! + slot) }
        let base = slot * scaleCount * BaselineDetector.baselineStride
        baselines.withUnsafeBufferPointer { b in
            let p = UnsafeRawPointer(b.baseAddress! + base)
            exfilwatch_prefetch(p)
            exfilwatch_prefetch(p + 64)
        }
    }

    /// Stage 2 (next to be observed): the key-table slots its keys hash to, the novelty-filter words its
    /// repository's first probes read, and its newest and oldest cells (needs the slot).
    @inline(__always)
    func prefetchKeys(_ o: Observation) {
        guard o.action.isTransferOut, let slot = slot(of: o) else { return }
        let state = slots[slot]
        if state.keys.base != .max {
            let mask = (1 << Int(state.keys.capacityLog2)) - 1
            let base = Int(state.keys.base)
            keyPool.entries.withUnsafeBufferPointer { e in
                func hint(_ dim: Int, _ id: UInt32) {
                    guard id != Observation.none && state.sketchMask & (1 << UInt8(dim)) == 0 else { return }
                    let i = Int(truncatingIfNeeded: mix64(KeyTablePool.key(dim: dim, id: id))) & mask
                    exfilwatch_prefetch(e.baseAddress! + base + i)
                }
                hint(0, o.resource)
                hint(1, o.namespace)
                hint(2, o.source)
            }
        }
        if state.novelty.base != .max && o.resource != Observation.none {
            noveltyPool.prefetch(state.novelty, o.resource)
        }
        if state.cells.base != .max && state.cells.count > 0 {
            // The newest cell takes the event; closing windows walks from the oldest.
            let oldest = Int(state.cells.base)
            let newest = oldest + Int(state.cells.count) - 1
            cellPool.cells.withUnsafeBufferPointer {
                exfilwatch_prefetch($0.baseAddress! + newest)
                if newest > oldest { exfilwatch_prefetch($0.baseAddress! + oldest) }
            }
        }
    }

    @inline(__always)
    private func slot(of o: Observation) -> Int? {
        let a = Int(o.actor)
        guard a < actors.count else { return nil }
        let slot = actors[a].slot
        return slot == BaselineDetector.noSlot ? nil : Int(slot)
    }
}
