/// The versioned binary state: everything needed to continue a scan where it stopped.
///
/// Layout: magic `EXWBSTAT`, format version (UInt32), payload length (UInt64), payload, CRC-32 of the
/// payload. All numbers little-endian. The payload holds the model settings the layout depends on
/// (scales, lateness, novelty and sketch parameters), the clock and learning period, the per-actor and
/// per-slot arrays, the pools, the population, and open episodes. Window-score bookkeeping is not
/// saved (records restart with the next bucket). File writing (atomic, mode 0600) is the caller's.
extension BaselineDetector {
    static let stateMagic: [UInt8] = Array("EXWBSTAT".utf8)
    /// Format version written by this build; loading rejects newer ones.
    public static let stateVersion = 1

    /// Serializes the detector's state. Does not change the detector. - Complexity: O(state size).
    public func encodeState() -> [UInt8] {
        var w = StateWriter()
        writeSignature(&w)
        w.i64(now)
        w.i32(nowMinute)
        w.i64(learnUntil)
        w.pod(runExposure)
        w.count(actorCount)
        w.count(lateEvents)
        w.count(ignoredEvents)
        w.u64(evaluationSequence)
        w.pod(actors.map(\.first))
        w.pod(actors.map(\.last))
        w.pod(actors.map(\.slot))
        w.pod(slots.map(\.actor))
        w.pod(baselines)
        w.pod(closedThrough)
        w.pod(slots.map(\.cells.base))
        w.pod(slots.map(\.cells.sizeClass))
        w.pod(slots.map(\.cells.count))
        w.pod(slots.map(\.keys.base))
        w.pod(slots.map(\.keys.capacityLog2))
        w.pod(slots.map(\.keys.dims))
        w.pod(slots.map(\.novelty.base))
        w.pod(slots.map(\.novelty.layers))
        w.pod(slots.map(\.novelty.lastCount))
        w.pod(slots.map(\.profile))
        w.pod(slots.map(\.transfers))
        w.pod(slots.map(\.due))
        w.pod(slots.map(\.oldestCell))
        w.pod(slots.map(\.sketchMask))
        w.pod(cellPool.cells.map(\.start))
        w.pod(cellPool.cells.map(\.level))
        w.pod(cellPool.cells.map(\.counts))
        w.pod(cellPool.cells.map(\.distinct))
        writeFree(&w, cellPool.free)
        w.pod(keyPool.entries)
        writeFree(&w, keyPool.free)
        w.pod(noveltyPool.words)
        writeFree(&w, noveltyPool.free)
        w.pod(profiles.population)
        w.f64(profiles.populationTotal)
        w.i32(profiles.populationStart)
        w.pod(profiles.actors)
        w.pod(profiles.actorStart)
        w.pod(profiles.free)
        w.count(sketches.count)
        for key in sketches.keys.sorted() {
            w.u64(key)
            w.pod(sketches[key]!.pairs)
        }
        w.i32(population.decayReference)
        w.pod(population.newWeight)
        w.pod(population.newSums)
        w.u32(population.cells.base)
        w.u8(population.cells.sizeClass)
        w.u32(UInt32(population.cells.count))
        w.pod(population.alpha)
        w.pod(population.beta)
        w.pod(population.closedThrough)
        w.pod(population.surge)
        w.pod(population.surgePeriod)
        w.count(episodes.byActor.count)
        for actor in episodes.byActor.keys.sorted() {
            let e = episodes.byActor[actor]!
            w.u32(actor)
            w.i64(e.start)
            w.count(e.revision)
            w.u8(UInt8(e.severity.rank))
            w.i64(e.activeUntil)
        }
        var out = BaselineDetector.stateMagic
        var header = StateWriter()
        header.u32(UInt32(BaselineDetector.stateVersion))
        header.u64(UInt64(w.bytes.count))
        out += header.bytes
        out += w.bytes
        var trailer = StateWriter()
        trailer.u32(CRC32.checksum(w.bytes[...]))
        return out + trailer.bytes
    }

    private func writeSignature(_ w: inout StateWriter) {
        w.pod(geometry.bucketMinutes)
        w.pod(geometry.windowMinutes)
        w.i64(allowedLateness)
        w.count(model.novelty.initialBits)
        w.f64(model.novelty.falsePositiveRate)
        w.count(model.distinct.hllPrecision)
        w.count(model.distinct.hllSlots)
    }

    private func writeFree(_ w: inout StateWriter, _ f: BlockFreeList) {
        w.count(f.lists.count)
        for l in f.lists { w.pod(l) }
    }

    /// Restores a detector from ``encodeState()`` bytes, to continue with `model` (which may differ in
    /// thresholds, priors and floors, not in the settings the layout depends on).
    /// - Throws: ``BaselineStateError``: not a state, newer version, corrupt (truncated, checksum,
    ///   inconsistent), or written for a model with other scales, lateness, novelty or sketch settings.
    public init(model: BaselineModel, state: [UInt8], allowedLateness: Int64 = 600) throws {
        self.init(model: model, allowedLateness: allowedLateness)
        let magic = BaselineDetector.stateMagic
        guard state.count >= magic.count, Array(state[0..<magic.count]) == magic else {
            throw BaselineStateError(kind: .notAState, detail: "missing the EXWBSTAT header")
        }
        var header = BaselineStateReader(state, from: magic.count, to: state.count)
        let version = Int(try header.u32("format version"))
        guard version <= BaselineDetector.stateVersion else {
            throw BaselineStateError(
                kind: .newerVersion(found: version, supported: BaselineDetector.stateVersion),
                detail: "format version \(version)")
        }
        guard version >= 1 else { throw BaselineStateError(kind: .corrupt, detail: "format version 0") }
        let length = try header.u64("payload length")
        let start = header.offset
        guard length <= UInt64(state.count - start), state.count - start - Int(length) == 4 else {
            throw BaselineStateError(
                kind: .corrupt, detail: "payload length \(length) does not match the \(state.count) bytes")
        }
        let payloadEnd = start + Int(length)
        var trailer = BaselineStateReader(state, from: payloadEnd, to: state.count)
        let crc = try trailer.u32("checksum")
        guard crc == CRC32.checksum(state[start..<payloadEnd]) else {
            throw BaselineStateError(kind: .corrupt, detail: "checksum mismatch")
        }
        var r = BaselineStateReader(state, from: start, to: payloadEnd)
        try readSignature(&r)
        try readBody(&r)
        guard r.offset == payloadEnd else {
            throw BaselineStateError(kind: .corrupt, detail: "\(payloadEnd - r.offset) unread bytes")
        }
        try validateLoadedState()
        rebuildFreeSlots()
    }

    private func readSignature(_ r: inout BaselineStateReader) throws {
        let buckets = try r.pod(Int32.self, "scale buckets")
        let windows = try r.pod(Int32.self, "scale windows")
        let lateness = try r.i64("lateness")
        let bits = try r.int("novelty bits")
        let fpr = try r.f64("novelty rate")
        let precision = try r.int("sketch precision")
        let slots = try r.int("sketch slots")
        func mismatch(_ what: String, _ saved: Any, _ now: Any) -> BaselineStateError {
            BaselineStateError(kind: .incompatibleModel, detail: "\(what) was \(saved), the model has \(now)")
        }
        let names = "bucket/window minutes"
        if buckets != geometry.bucketMinutes || windows != geometry.windowMinutes {
            throw mismatch(
                "scale \(names)", "\(buckets)/\(windows)", "\(geometry.bucketMinutes)/\(geometry.windowMinutes)")
        }
        if lateness != allowedLateness {
            throw BaselineStateError(
                kind: .incompatibleModel,
                detail: "saved with --allowed-lateness \(lateness), this run has \(allowedLateness); pass the same")
        }
        if bits != model.novelty.initialBits || fpr != model.novelty.falsePositiveRate {
            throw mismatch(
                "noveltyPool.initial_bits/false_positive_rate", "\(bits)/\(fpr)",
                "\(model.novelty.initialBits)/\(model.novelty.falsePositiveRate)")
        }
        if precision != model.distinct.hllPrecision || slots != model.distinct.hllSlots {
            throw mismatch(
                "distinct.hll_precision/hll_slots", "\(precision)/\(slots)",
                "\(model.distinct.hllPrecision)/\(model.distinct.hllSlots)")
        }
    }

    private mutating func readBody(_ r: inout BaselineStateReader) throws {
        now = try r.i64("clock")
        nowMinute = try r.i32("clock minute")
        learnUntil = try r.i64("learning end")
        let savedExposure = try r.pod(Double.self, "running exposures", count: scaleCount)
        actorCount = try r.int("actor count")
        lateEvents = try r.int("late events", max: .max)
        ignoredEvents = try r.int("ignored events", max: .max)
        evaluationSequence = try r.u64("evaluation sequence")
        let first = try r.pod(Int32.self, "first minutes")
        let actorTotal = first.count
        let last = try r.pod(Int32.self, "last minutes", count: actorTotal)
        let slotOf = try r.pod(UInt32.self, "actor slots", count: actorTotal)
        actors = (0..<actorTotal).map { ActorState(first: first[$0], last: last[$0], slot: slotOf[$0]) }
        let slotActor = try r.pod(UInt32.self, "slot actors")
        let slotTotal = slotActor.count
        baselines = try r.pod(
            Float32.self, "baselines", count: slotTotal * scaleCount * BaselineDetector.baselineStride)
        closedThrough = try r.pod(Int32.self, "closed windows", count: slotTotal * scaleCount)
        let cb = try r.pod(UInt32.self, "cell bases", count: slotTotal)
        let cc = try r.pod(UInt8.self, "cell classes", count: slotTotal)
        let cn = try r.pod(UInt16.self, "cell counts", count: slotTotal)
        let kb = try r.pod(UInt32.self, "key bases", count: slotTotal)
        let kc = try r.pod(UInt8.self, "key classes", count: slotTotal)
        let kd = try r.pod(SIMD4<UInt16>.self, "key dimensions", count: slotTotal)
        let nb = try r.pod(UInt32.self, "novelty bases", count: slotTotal)
        let nl = try r.pod(UInt8.self, "novelty layers", count: slotTotal)
        let nc = try r.pod(UInt32.self, "novelty counts", count: slotTotal)
        let profile = try r.pod(UInt32.self, "profile indices", count: slotTotal)
        let transfers = try r.pod(UInt32.self, "transfer counts", count: slotTotal)
        let due = try r.pod(Int32.self, "maintenance minutes", count: slotTotal)
        let oldest = try r.pod(Int32.self, "oldest cells", count: slotTotal)
        let mask = try r.pod(UInt8.self, "sketch masks", count: slotTotal)
        slots = (0..<slotTotal).map { i in
            var s = SlotState(actor: slotActor[i], due: due[i])
            s.cells = CellListRef(base: cb[i], sizeClass: cc[i], count: cn[i])
            s.keys = KeyTableRef(dims: kd[i], base: kb[i], capacityLog2: kc[i])
            s.novelty = NoveltyRef(base: nb[i], layers: nl[i], lastCount: nc[i])
            s.profile = profile[i]
            s.transfers = transfers[i]
            s.sketchMask = mask[i]
            s.oldestCell = oldest[i]
            return s
        }
        let starts = try r.pod(Int32.self, "cell starts")
        let cellCount = starts.count
        let levels = try r.pod(UInt8.self, "cell levels", count: cellCount)
        let counts = try r.pod(SIMD8<UInt32>.self, "cell counts", count: cellCount)
        let distinct = try r.pod(SIMD4<UInt32>.self, "cell distinct counts", count: cellCount)
        cellPool.cells = (0..<cellCount).map {
            CellPool.Cell(counts: counts[$0], distinct: distinct[$0], start: starts[$0], level: levels[$0])
        }
        cellPool.free = try readFree(&r, "cell free lists", classes: cellPool.free.lists.count)
        keyPool.entries = try r.pod(UInt64.self, "keys")
        keyPool.free = try readFree(&r, "key free lists", classes: keyPool.free.lists.count)
        noveltyPool.words = try r.pod(UInt64.self, "novelty words")
        noveltyPool.free = try readFree(&r, "novelty free lists", classes: noveltyPool.free.lists.count)
        profiles.population = try r.pod(Double.self, "population profile", count: 168)
        profiles.populationTotal = try r.f64("population profile total")
        profiles.populationStart = try r.i32("population profile start")
        profiles.actors = try r.pod(Float32.self, "actor profiles")
        profiles.actorStart = try r.pod(
            Int32.self, "actor profile starts", count: profiles.actors.count / SeasonalProfiles.stride)
        profiles.free = try r.pod(UInt32.self, "free profiles")
        let sketchCount = try r.int("sketch count")
        let pairs = (1 << model.distinct.hllPrecision) * model.distinct.hllSlots
        for _ in 0..<sketchCount {
            let key = try r.u64("sketch key")
            var sketch = SlidingHyperLogLog(precision: model.distinct.hllPrecision, slots: model.distinct.hllSlots)
            sketch.pairs = try r.pod(UInt32.self, "sketch pairs", count: pairs)
            sketches[key] = sketch
        }
        population.decayReference = try r.i32("decay reference")
        population.newWeight = try r.pod(Double.self, "new-actor weights", count: scaleCount)
        population.newSums = try r.pod(Double.self, "new-actor sums", count: scaleCount * BaselineSignal.count)
        let pb = try r.u32("population cells")
        let pc = try r.u8("population cell class")
        let pn = try r.u32("population cell count")
        guard pn <= UInt32(UInt16.max) else { throw BaselineStateError(kind: .corrupt, detail: "population cells") }
        population.cells = CellListRef(base: pb, sizeClass: pc, count: UInt16(pn))
        population.alpha = try r.pod(Double.self, "population alpha", count: scaleCount * BaselineSignal.count)
        population.beta = try r.pod(Double.self, "population beta", count: scaleCount)
        population.closedThrough = try r.pod(Int32.self, "population windows", count: scaleCount)
        population.surge = try r.pod(Double.self, "surge factors", count: scaleCount * BaselineSignal.count)
        population.surgePeriod = try r.pod(Int32.self, "surge periods", count: scaleCount)
        let episodeCount = try r.int("episode count")
        for _ in 0..<episodeCount {
            let actor = try r.u32("episode actor")
            let start = try r.i64("episode start")
            let revision = try r.int("episode revision")
            let rank = Int(try r.u8("episode severity"))
            guard let severity = AlertSeverity.allCases.first(where: { $0.rank == rank }) else {
                throw BaselineStateError(kind: .corrupt, detail: "episode severity \(rank)")
            }
            let until = try r.i64("episode activity")
            episodes.byActor[actor] = EpisodeTracker.Episode(
                start: start, revision: revision, severity: severity, activeUntil: until)
        }
        profiles.rebuildDayCounts()
        updateRunningWindows()
        runExposure = savedExposure
    }

    private func readFree(_ r: inout BaselineStateReader, _ what: String, classes: Int) throws -> BlockFreeList {
        let n = try r.int(what)
        guard n == classes else { throw BaselineStateError(kind: .corrupt, detail: "\(what): \(n) classes") }
        var f = BlockFreeList(classes: classes)
        for c in 0..<classes { f.lists[c] = try r.pod(UInt32.self, what) }
        return f
    }
}
