/// Memory accounting, eviction of idle actors, and the consistency check of a loaded state.
extension BaselineDetector {
    /// Bytes held by the detector's arrays and tables (capacities) and pools (blocks in use, free ones
    /// included; see ``CellPool/approximateBytes``); dictionaries are estimated. - Complexity: O(sketches).
    public func approximateBytes() -> Int {
        var total = 512
        total += actors.capacity * MemoryLayout<ActorState>.stride + slots.capacity * MemoryLayout<SlotState>.stride
        total += baselines.capacity * 4 + closedThrough.capacity * 4
        total += cellPool.approximateBytes + keyPool.approximateBytes + noveltyPool.approximateBytes
        total += profiles.approximateBytes + population.approximateBytes + episodes.approximateBytes
        total += sketches.values.reduce(sketches.capacity * 24) { $0 + $1.approximateBytes }
        total += recording.recordedThrough.capacity * 4 + recording.open.capacity * 96
        return total
    }

    /// Drops the window state (cells, distinct sets, sketches) of actors not seen since `olderThan`
    /// (seconds), after learning their closed windows; their baselines, novelty filters and profiles
    /// stay. Only actors whose every window is closable are touched: the cutoff is at most the
    /// watermark minus the longest window. Also forgets episodes that ended. Returns how many actors
    /// were evicted. - Complexity: O(slots).
    @discardableResult
    public mutating func evictIdle(olderThan: Int64) -> Int {
        guard now != .min else { return 0 }
        let limit = watermarkMinute - geometry.maxWindowMinutes - (geometry.bucketMinutes.last ?? 1)
        let cutoff = min(EventTime.minute(ofSeconds: olderThan), limit)
        var evicted = 0
        for slot in 0..<slots.count
        where slots[slot].actor != BaselineDetector.noActor && actors[Int(slots[slot].actor)].last < cutoff {
            guard slots[slot].cells.base != .max || slots[slot].keys.base != .max || slots[slot].sketchMask != 0 else {
                continue
            }
            maintain(slot: slot)
            cellPool.release(&slots[slot].cells)
            keyPool.release(&slots[slot].keys)
            for dim in 0..<3 { sketches[BaselineDetector.sketchKey(slot: slot, dim: dim)] = nil }
            slots[slot].sketchMask = 0
            evicted += 1
        }
        episodes.expire(before: now - Int64(geometry.maxWindowMinutes) * 60, cooldown: model.cooldown)
        return evicted
    }

    /// Checks that every reference of a decoded state points inside its pool.
    func validateLoadedState() throws {
        func corrupt(_ detail: String) -> BaselineStateError { BaselineStateError(kind: .corrupt, detail: detail) }
        for a in 0..<actors.count where actors[a].slot != BaselineDetector.noSlot {
            guard Int(actors[a].slot) < slots.count, slots[Int(actors[a].slot)].actor == UInt32(a) else {
                throw corrupt("actor \(a) slot")
            }
        }
        guard actorCount <= actors.count else { throw corrupt("actor count") }
        for slot in 0..<slots.count {
            if slots[slot].actor == BaselineDetector.noActor {
                guard slots[slot] == SlotState(actor: BaselineDetector.noActor, due: .max) else {
                    throw corrupt("free slot \(slot)")
                }
                continue
            }
            guard Int(slots[slot].actor) < actors.count, actors[Int(slots[slot].actor)].slot == UInt32(slot) else {
                throw corrupt("slot \(slot) actor")
            }
            let c = slots[slot].cells
            if c.base != .max {
                guard Int(c.sizeClass) <= CellPool.maxClass, Int(c.count) <= 1 << Int(c.sizeClass),
                    Int(c.base) + (1 << Int(c.sizeClass)) <= cellPool.cells.count
                else { throw corrupt("slot \(slot) cells") }
                for i in Int(c.base)..<(Int(c.base) + Int(c.count)) where Int(cellPool.cells[i].level) >= scaleCount {
                    throw corrupt("slot \(slot) cell level")
                }
            }
            let k = slots[slot].keys
            if k.base != .max {
                guard k.capacityLog2 <= 24, Int(k.base) + (1 << Int(k.capacityLog2)) <= keyPool.entries.count,
                    k.used <= 1 << Int(k.capacityLog2)
                else { throw corrupt("slot \(slot) keys") }
            }
            let n = slots[slot].novelty
            if n.base != .max {
                guard n.layers >= 1, Int(n.layers) <= NoveltyFilterPool.maxLayers,
                    Int(n.base) + noveltyPool.blockWords(layers: Int(n.layers)) <= noveltyPool.words.count
                else { throw corrupt("slot \(slot) novelty filter") }
            }
            if slots[slot].profile != SeasonalProfiles.none {
                guard (Int(slots[slot].profile) + 1) * SeasonalProfiles.stride <= profiles.actors.count else {
                    throw corrupt("slot \(slot) profile")
                }
            }
            for dim in 0..<3 where slots[slot].sketchMask & (1 << UInt8(dim)) != 0 {
                guard sketches[BaselineDetector.sketchKey(slot: slot, dim: dim)] != nil else {
                    throw corrupt("slot \(slot) sketch")
                }
            }
        }
        let p = population.cells
        if p.base != .max {
            guard Int(p.sizeClass) <= CellPool.maxClass, Int(p.count) <= 1 << Int(p.sizeClass),
                Int(p.base) + (1 << Int(p.sizeClass)) <= cellPool.cells.count
            else { throw corrupt("population cells") }
        }
        for (c, list) in cellPool.free.lists.enumerated()
        where list.contains(where: { Int($0) + (1 << c) > cellPool.cells.count }) {
            throw corrupt("cell free list")
        }
        for (c, list) in keyPool.free.lists.enumerated()
        where list.contains(where: { Int($0) + (1 << c) > keyPool.entries.count }) {
            throw corrupt("key free list")
        }
        for (l, list) in noveltyPool.free.lists.enumerated()
        where list.contains(where: { Int($0) + noveltyPool.blockWords(layers: l) > noveltyPool.words.count }) {
            throw corrupt("novelty free list")
        }
        guard profiles.actors.count % SeasonalProfiles.stride == 0 else { throw corrupt("actor profiles") }
    }
}
