/// Saved state of a static-rule preset: each active actor's in-window events, episode flag and (for
/// `splunk-3sigma`) bin statistics, so a restarted `tail` neither misses a burst that straddles the
/// restart nor fires a second time for an episode already alerted.
///
/// Actors with nothing in their window and no history are not written.
extension StaticRuleDetector: StatefulDetector {
    static let stateMagic: [UInt8] = Array("EWSRULE".utf8)
    static let stateVersion: UInt32 = 1

    public func encodeState() -> [UInt8] {
        var w = StateWriter(capacity: 64 + actors.count * 16)
        w.raw(Self.stateMagic)
        w.u32(Self.stateVersion)
        w.string(rule.rawValue)
        w.count(actors.count)
        let active = actors.indices.filter { !Self.isIdle(actors[$0]) }
        w.count(active.count)
        for index in active {
            let s = actors[index]
            w.count(index)
            w.count(s.recent.count)
            for e in s.recent {
                w.i64(e.time)
                w.u32(e.resource)
            }
            w.count(s.sources.count)
            for source in s.sources { w.u32(source) }
            w.bool(s.inEpisode)
            w.i64(s.episodeStart)
            w.i64(s.binStart)
            w.count(s.binCount)
            w.count(s.bins)
            w.f64(s.mean)
            w.f64(s.m2)
        }
        return w.bytes
    }

    public func restored(from bytes: [UInt8]) throws -> StaticRuleDetector {
        var r = StateReader(bytes)
        try r.expect(magic: Self.stateMagic, what: "static-rule detector state")
        let version = try r.u32()
        guard version == Self.stateVersion else {
            throw StateDecodingError(
                offset: 7, reason: "static-rule state version \(version) is not \(Self.stateVersion)")
        }
        let name = try r.string()
        guard name == rule.rawValue else {
            throw StateDecodingError(offset: 11, reason: "state is for rule '\(name)', not '\(rule.rawValue)'")
        }
        var restored = StaticRuleDetector(rule: rule)
        let total = try r.count(minimumElementSize: 0)
        restored.actors = Array(repeating: ActorState(), count: total)
        let active = try r.count(minimumElementSize: 8)
        for _ in 0..<active {
            let at = r.offset
            let index = try r.count(minimumElementSize: 0)
            guard index < total else { throw StateDecodingError(offset: at, reason: "actor \(index) out of range") }
            var s = ActorState()
            let recent = try r.count(minimumElementSize: 12)
            s.recent.reserveCapacity(recent)
            for _ in 0..<recent { s.recent.append((try r.i64(), try r.u32())) }
            let sources = try r.count(minimumElementSize: 4)
            for _ in 0..<sources { s.sources.append(try r.u32()) }
            s.inEpisode = try r.bool()
            s.episodeStart = try r.i64()
            s.binStart = try r.i64()
            s.binCount = try r.count(minimumElementSize: 0)
            s.bins = try r.count(minimumElementSize: 0)
            s.mean = try r.f64()
            s.m2 = try r.f64()
            restored.actors[index] = s
        }
        guard r.remaining == 0 else { throw StateDecodingError(offset: r.offset, reason: "trailing bytes after state") }
        return restored
    }

    private static func isIdle(_ s: ActorState) -> Bool {
        s.recent.isEmpty && s.sources.isEmpty && !s.inEpisode && s.binStart == .min && s.binCount == 0 && s.bins == 0
    }
}
