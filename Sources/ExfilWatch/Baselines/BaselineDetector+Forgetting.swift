/// Forgetting actors for the `--max-actors` cap, and renumbering the ids that survive.
///
/// A dropped actor loses everything: windows, distinct sets, novelty filter, profile, baselines and
/// any open episode. Its slot goes on a free list and is reused by the next actor that transfers, so
/// the slot arrays stay as large as the most actors ever held at once. If the actor returns it is new
/// again: it starts from the population's new-actor prior and its learning period, which is why the
/// engine drops the least recently active actors first.
extension BaselineDetector {
    /// Marks a slot on the free list.
    static let noActor = UInt32.max

    public mutating func dropActors(_ remap: IdRemap) {
        var kept: [ActorState] = []
        kept.reserveCapacity(Swift.min(actors.count, remap.survivors))
        var seen = 0
        for a in 0..<actors.count {
            let slot = actors[a].slot
            if let newId = remap[UInt32(a)] {
                if slot != BaselineDetector.noSlot { slots[Int(slot)].actor = newId }
                if actors[a].first != .max { seen += 1 }
                kept.append(actors[a])
            } else if slot != BaselineDetector.noSlot {
                freeSlot(Int(slot))
            }
        }
        actors = kept
        actorCount = seen
        var episodesKept: [UInt32: EpisodeTracker.Episode] = [:]
        for (actor, episode) in episodes.byActor {
            if let newId = remap[actor] { episodesKept[newId] = episode }
        }
        episodes.byActor = episodesKept
    }

    public func markSources(_ referenced: inout [Bool]) {
        for slot in slots where slot.actor != BaselineDetector.noActor {
            keyPool.forEachKey(slot.keys, dim: 2) { id in
                if Int(id) < referenced.count { referenced[Int(id)] = true }
            }
        }
    }

    /// Source ids in key tables are renumbered. Sliding sketches of sources hold hashes of the old
    /// ids: a source dropped from the engine's table while its actor counts sources with a sketch
    /// (more than `distinct.exact_limit` of them) is counted once more if it returns within the window,
    /// so such an actor's distinct-source count can overestimate by the sources that returned.
    public mutating func renumberSources(_ remap: IdRemap) {
        var scratch: [UInt64] = []
        for slot in 0..<slots.count where slots[slot].actor != BaselineDetector.noActor {
            keyPool.renumber(&slots[slot].keys, dim: 2, remap, scratch: &scratch)
        }
    }

    /// Releases everything a slot holds and puts it on the free list.
    mutating func freeSlot(_ slot: Int) {
        cellPool.release(&slots[slot].cells)
        keyPool.release(&slots[slot].keys)
        noveltyPool.release(&slots[slot].novelty)
        if slots[slot].profile != SeasonalProfiles.none { profiles.release(slots[slot].profile) }
        for dim in 0..<3 where slots[slot].sketchMask & (1 << UInt8(dim)) != 0 {
            sketches[BaselineDetector.sketchKey(slot: slot, dim: dim)] = nil
        }
        if !recording.recordedThrough.isEmpty {
            for s in 0..<scaleCount {
                let i = slot * scaleCount + s
                if i < recording.recordedThrough.count { recording.recordedThrough[i] = .min }
                recording.open[UInt64(slot) << 3 | UInt64(s)] = nil
            }
        }
        slots[slot] = SlotState(actor: BaselineDetector.noActor, due: .max)
        freeSlots.append(UInt32(slot))
    }

    /// The free list of a loaded state: every slot without an actor.
    mutating func rebuildFreeSlots() {
        freeSlots = slots.indices.filter { slots[$0].actor == BaselineDetector.noActor }.map { UInt32($0) }
    }
}
