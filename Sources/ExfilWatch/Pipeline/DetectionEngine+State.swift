/// The engine's complete state for `tail` checkpoints and warm starts: the three intern tables (so
/// actor, repository and address ids mean the same after a restart), the newest event time and the
/// late-event count (so lateness is judged as before), and the detector's own state.
///
/// Layout (``StateWriter``): magic `EWENGINE`, version, detector name, actor key, newest event time,
/// late events, actors, resources, sources, detector state blob.
extension DetectionEngine where D: StatefulDetector {
    static var stateMagic: [UInt8] { Array("EWENGINE".utf8) }
    /// Version of the engine state layout; bumped when it changes incompatibly.
    public static var stateVersion: UInt32 { 1 }

    /// The engine state as bytes.
    /// - Complexity: O(interned bytes + detector state).
    public func encodeState() -> [UInt8] {
        drainStaged()
        var w = StateWriter(capacity: 4096)
        w.raw(Self.stateMagic)
        w.u32(Self.stateVersion)
        w.string(detectorName)
        w.string(actorKey.rawValue)
        w.i64(maxEventTime)
        w.i64(lateEvents)
        actors.encodeState(into: &w)
        resources.encodeState(into: &w)
        sources.encodeState(into: &w)
        w.blob(detector.encodeState())
        return w.bytes
    }

    /// Replaces this engine's tables, clock and detector state with `bytes` from ``encodeState()``.
    /// Nothing changes when it throws.
    /// - Throws: ``StateDecodingError`` when the bytes are corrupt, of another version, or were saved
    ///   with another detector or actor key (their ids and windows would mean something else).
    public func restoreState(_ bytes: [UInt8]) throws(StateDecodingError) {
        drainStaged()
        var r = StateReader(bytes)
        try r.expect(magic: Self.stateMagic, what: "exfilwatch engine state")
        let version = try r.u32()
        guard version == Self.stateVersion else {
            throw StateDecodingError(
                offset: 8,
                reason: "engine state version \(version) is not supported (this build reads \(Self.stateVersion))")
        }
        let name = try r.string()
        guard name == detectorName else {
            throw StateDecodingError(
                offset: r.offset, reason: "state was saved by detector '\(name)', not '\(detectorName)'")
        }
        let key = try r.string()
        guard key == actorKey.rawValue else {
            throw StateDecodingError(
                offset: r.offset, reason: "state was saved with --actor-key \(key), not \(actorKey.rawValue)")
        }
        let newest = try r.i64()
        let late = try r.i64()
        let actorTable = try InternTable(state: &r)
        let resourceTable = try InternTable(state: &r)
        let sourceTable = try InternTable(state: &r)
        let at = r.offset
        let detectorBytes = Array(try r.blob())
        guard r.remaining == 0 else {
            throw StateDecodingError(offset: r.offset, reason: "trailing bytes after engine state")
        }
        let restored: D
        do { restored = try detector.restored(from: detectorBytes) } catch let e as StateDecodingError {
            throw StateDecodingError(offset: at + 8 + e.offset, reason: e.reason)
        } catch let e as BaselineStateError {
            // The detector's own offset, past the blob's 8-byte length, when it knows one.
            var plain = e
            plain.offset = nil
            throw StateDecodingError(offset: e.offset.map { at + 8 + $0 } ?? at, reason: "detector state: \(plain)")
        } catch {
            throw StateDecodingError(offset: at, reason: "detector state: \(error)")
        }
        maxEventTime = newest
        lateEvents = late
        actors = actorTable
        actorLastMinute =
            maxActors == nil ? [] : Array(repeating: EventTime.minute(ofSeconds: newest), count: actorTable.count)
        resources = resourceTable
        resourceNamespace = []
        sources = sourceTable
        actorSource = []
        detector = restored
    }
}
