/// The per-event core shared by `scan`, `tail`, `evaluate` and `tune`: builds the actor key,
/// interns names to ids, drops events later than the allowed lateness, feeds the detector and turns
/// its candidates into ``Alert``s.
///
/// Single-threaded by design (one engine per detection thread); it allocates only when a name is
/// new or an alert fires.
public final class DetectionEngine<D: Detector> {
    @exclusivity(unchecked) public var detector: D
    /// The detector's name, read once: `detector` is being mutated while it emits.
    public let detectorName: String
    public let actorKey: ActorKey
    /// Events older than the newest event time minus this many seconds are dropped and counted.
    public let allowedLateness: Int64
    @exclusivity(unchecked) public var actors = InternTable(capacity: 4096)
    @exclusivity(unchecked) public var resources = InternTable(capacity: 4096)
    @exclusivity(unchecked) public var sources = InternTable(capacity: 4096)
    /// Newest event time seen, seconds UTC (`Int64.min` before the first event).
    @exclusivity(unchecked) public internal(set) var maxEventTime: Int64 = .min
    /// Oldest event time counted, seconds UTC (`Int64.max` before the first event).
    @exclusivity(unchecked) public internal(set) var minEventTime: Int64 = .max
    @exclusivity(unchecked) public internal(set) var lateEvents: Int64 = 0
    /// Events dropped for a time outside ``Event/plausibleTimes`` (the parsers reject such lines, so
    /// only events built elsewhere can land here): the windowing's minute arithmetic needs the range.
    @exclusivity(unchecked) public internal(set) var implausibleEvents: Int64 = 0
    @exclusivity(unchecked) public private(set) var alertCount = 0
    /// Actors idle this long (seconds of event time) have their window state dropped, when the
    /// detector supports it (``Detector/evictIdle(olderThan:)``): two days, longer than the longest
    /// window plus lateness.
    public var idleEviction: Int64 = 2 * 86_400
    /// Actors whose window state was dropped for idleness (their baselines are kept).
    public private(set) var idleActors = 0
    /// Events until the next idle sweep: one sweep per 2^20 events keeps its O(actors) cost small.
    @exclusivity(unchecked) private var untilSweep = 1 << 20
    /// Most actors held at once (`--max-actors`); nil holds every actor ever seen. Past it the least
    /// recently active are dropped entirely (see ``shedActors(current:cap:)``).
    @exclusivity(unchecked) public var maxActors: Int?
    /// Actors dropped under ``maxActors``, their baselines with them.
    public internal(set) var droppedActors = 0
    /// Of those, actors with an event in the day before they were dropped: a sign that the cap is below
    /// the number of actors active in a day, so returning users lose their baselines.
    public internal(set) var droppedRecentActors = 0
    /// Last event minute of each actor id, kept only with ``maxActors`` (4 bytes per actor).
    @exclusivity(unchecked) var actorLastMinute: [Int32] = []
    /// Namespace id of each resource id (`Observation.none` for none, ``unknownNamespace`` before the
    /// resource's first event), so the namespace is interned once per repository, not once per event.
    @exclusivity(unchecked) var resourceNamespace: [UInt32] = []
    static var unknownNamespace: UInt32 { .max - 1 }
    /// Source id of each actor keyed by its address alone (``unknownSource`` before its first event, and
    /// for other actors); emptied whenever actor or source ids are renumbered or restored.
    @exclusivity(unchecked) var actorSource: [UInt32] = []
    static var unknownSource: UInt32 { .max }
    /// Source-table size at which unreferenced addresses are dropped, with ``maxActors``.
    var sourceCompactionAt = 1 << 16

    /// Receives every alert in the order it fired.
    public var onAlert: (Alert) -> Void

    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)

    /// Whether events are staged a few places ahead of the detector, which then gets cache hints for
    /// them (``Detector/prefetch(_:stage:)``): batch reads turn it on, since with thousands of actors the
    /// detector otherwise waits on memory for each event's per-actor state. Alerts still fire in event
    /// order, at most ``stageDepth`` events later in processing. Turning it off observes the staged
    /// events; so does every call that reads or moves the detector's state.
    @exclusivity(unchecked) public var stagesEvents = false {
        didSet { if !stagesEvents { drainStaged() } }
    }
    /// Events staged before the oldest is observed.
    static var stageDepth: Int { 6 }
    /// Ring of staged observations, indexed by sequence number modulo 8.
    private let staged = UnsafeMutablePointer<Observation>.allocate(capacity: 8)
    /// Sequence numbers of the oldest staged observation and of the next one.
    @exclusivity(unchecked) private var stagedFirst = 0
    @exclusivity(unchecked) private var stagedEnd = 0

    public init(
        detector: D, actorKey: ActorKey = .user, allowedLateness: Int64 = 600, maxActors: Int? = nil,
        onAlert: @escaping (Alert) -> Void
    ) {
        self.maxActors = maxActors
        self.detector = detector
        self.detectorName = detector.name
        self.actorKey = actorKey
        self.allowedLateness = allowedLateness
        self.onAlert = onAlert
    }

    deinit {
        scratch.deallocate()
        staged.deallocate()
    }

    /// Counts one parsed event whose ranges point into `line`.
    public func process(_ event: Event, line: UnsafeRawBufferPointer) {
        guard event.action != .other else { return }
        guard Event.plausibleTimes.contains(event.time) else {
            implausibleEvents += 1
            return
        }
        if event.time > maxEventTime {
            maxEventTime = event.time
        } else if event.time < maxEventTime - allowedLateness {
            lateEvents += 1
            return
        }
        if event.time < minEventTime { minEventTime = event.time }
        let (actor, byAddress) = internActor(event, line)
        var resource = Observation.none
        var namespace = Observation.none
        if !event.resource.isEmpty {
            let r = UnsafeRawBufferPointer(rebasing: line[Int(event.resource.start)..<Int(event.resource.end)])
            resource = resources.intern(r)
            namespace = self.namespace(of: resource, r)
        }
        var source = Observation.none
        if !event.client.isEmpty {
            let client = UnsafeRawBufferPointer(rebasing: line[Int(event.client.start)..<Int(event.client.end)])
            source = byAddress ? self.source(ofAddressActor: actor, client) : sources.intern(client)
        }
        var observation = Observation(
            time: event.time, actor: actor, action: event.action, resource: resource, namespace: namespace,
            source: source, bytes: event.bytes)
        if let cap = maxActors { enforceCap(&observation, cap: cap) }
        if stagesEvents {
            stage(observation)
        } else {
            detector.observe(observation) { emitAlert($0) }
        }
        untilSweep -= 1
        if untilSweep == 0 {
            untilSweep = 1 << 20
            sweepIdle()
        }
    }

    /// Adds `o` to the ring and moves every staged event one step on: hints at distances 6, 3 and 1
    /// from being observed, and the oldest is observed once six wait behind it.
    @inline(__always)
    private func stage(_ o: Observation) {
        let n = stagedEnd
        staged[n & 7] = o
        stagedEnd = n + 1
        detector.prefetch(o, stage: 0)
        if n - 3 >= stagedFirst { detector.prefetch(staged[(n - 3) & 7], stage: 1) }
        if n - 5 >= stagedFirst { detector.prefetch(staged[(n - 5) & 7], stage: 2) }
        if n - Self.stageDepth >= stagedFirst {
            let next = staged[stagedFirst & 7]
            stagedFirst += 1
            detector.observe(next) { emitAlert($0) }
        }
    }

    /// Observes every staged event, oldest first.
    func drainStaged() {
        while stagedFirst < stagedEnd {
            let next = staged[stagedFirst & 7]
            stagedFirst += 1
            detector.observe(next) { emitAlert($0) }
        }
    }

    /// The namespace (text before the first `/`) of resource `id` whose text is `r`, interned on first use.
    @inline(__always)
    func namespace(of id: UInt32, _ r: UnsafeRawBufferPointer) -> UInt32 {
        let i = Int(id)
        if i < resourceNamespace.count && resourceNamespace[i] != Self.unknownNamespace { return resourceNamespace[i] }
        var ns = Observation.none
        if let slash = r.firstIndex(of: ASCII.slash) {
            ns = resources.intern(UnsafeRawBufferPointer(rebasing: r[r.startIndex..<slash]))
        }
        let needed = Swift.max(i, ns == Observation.none ? 0 : Int(ns)) + 1
        if resourceNamespace.count < needed {
            resourceNamespace.append(
                contentsOf: repeatElement(Self.unknownNamespace, count: needed - resourceNamespace.count))
        }
        resourceNamespace[i] = ns
        return ns
    }

    /// The source id of an actor keyed by its address alone (`ip:` + `client`), interned on the
    /// actor's first event: the address is then the same on every event of the actor, so the source
    /// table is searched once per actor rather than once per event.
    @inline(__always)
    func source(ofAddressActor actor: UInt32, _ client: UnsafeRawBufferPointer) -> UInt32 {
        let i = Int(actor)
        if i < actorSource.count && actorSource[i] != Self.unknownSource { return actorSource[i] }
        let id = sources.intern(client)
        if actorSource.count <= i {
            actorSource.append(contentsOf: repeatElement(Self.unknownSource, count: i + 1 - actorSource.count))
        }
        actorSource[i] = id
        return id
    }

    /// Drops the window state of actors idle for ``idleEviction`` seconds of event time.
    public func sweepIdle() {
        drainStaged()
        guard maxEventTime != .min else { return }
        idleActors += detector.evictIdle(olderThan: maxEventTime - idleEviction)
    }

    /// Moves event time on with no event (end of input, or `tail`'s clock while input is quiet).
    public func advance(to watermark: Int64) {
        drainStaged()
        detector.advance(to: watermark) { emitAlert($0) }
    }

    /// Closes every window: call once at the end of a batch scan.
    public func finish() {
        guard maxEventTime != .min else { return }
        advance(to: maxEventTime &+ allowedLateness &+ 366 * 86_400)
    }

    /// The actor key of `event` per ``actorKey``, interned, and whether the key is the whole client
    /// address (`ip:` + address, not truncated), which then determines the event's source.
    func internActor(_ event: Event, _ line: UnsafeRawBufferPointer) -> (UInt32, byAddress: Bool) {
        let mode: ActorKey = actorKey == .token && event.token.isEmpty ? .user : actorKey
        switch mode {
        case .user where !event.user.isEmpty:
            return (
                actors.intern(UnsafeRawBufferPointer(rebasing: line[Int(event.user.start)..<Int(event.user.end)])),
                false
            )
        case .token:
            return (actors.intern(compose("token:", event.token, nil, line)), false)
        case .userIP where !event.user.isEmpty && !event.client.isEmpty:
            return (actors.intern(compose("", event.user, event.client, line)), false)
        case .userIP where !event.user.isEmpty:
            return (
                actors.intern(UnsafeRawBufferPointer(rebasing: line[Int(event.user.start)..<Int(event.user.end)])),
                false
            )
        default:
            if !event.client.isEmpty {
                return (actors.intern(compose("ip:", event.client, nil, line)), event.client.count + 3 <= scratch.count)
            }
            // No address (audit records without `actor_ip`): the token or the user, so that different
            // users never share one actor.
            if !event.token.isEmpty { return (actors.intern(compose("token:", event.token, nil, line)), false) }
            if !event.user.isEmpty {
                return (
                    actors.intern(UnsafeRawBufferPointer(rebasing: line[Int(event.user.start)..<Int(event.user.end)])),
                    false
                )
            }
            return (actors.intern(compose("anonymous", .empty, nil, line)), false)
        }
    }

    /// `prefix` + `first` (+ `@` + `second`) in the scratch buffer, truncated to its size.
    func compose(_ prefix: StaticString, _ first: ByteRange, _ second: ByteRange?, _ line: UnsafeRawBufferPointer)
        -> UnsafeRawBufferPointer
    {
        var n = 0
        func put(_ p: UnsafeRawPointer, _ count: Int) {
            let k = min(count, scratch.count - n)
            if k > 0 { (scratch.baseAddress! + n).copyMemory(from: p, byteCount: k) }
            n += k
        }
        put(prefix.utf8Start, prefix.utf8CodeUnitCount)
        if !first.isEmpty { put(line.baseAddress! + Int(first.start), first.count) }
        if let second, !second.isEmpty {
            var at = ASCII.atSign
            put(&at, 1)
            put(line.baseAddress! + Int(second.start), second.count)
        }
        return UnsafeRawBufferPointer(rebasing: scratch[0..<n])
    }

    private func emitAlert(_ c: AlertCandidate) {
        alertCount += 1
        onAlert(makeAlert(c))
    }

    /// Resolves a candidate's ids to names and derives its stable id.
    public func makeAlert(_ c: AlertCandidate) -> Alert {
        let actor = actors.string(c.actor)
        let episode = AlertID.episode(actor: actor, episodeStart: c.episodeStart, detector: detectorName)
        return Alert(
            id: AlertID.alert(episode: episode, revision: c.revision), episode: episode, revision: c.revision,
            actor: actor, windowStart: c.windowStart, windowEnd: c.windowEnd, detectedAt: c.detectedAt,
            score: c.score, severity: c.severity, detector: detectorName, reason: "\(actor) \(c.reason)",
            signals: c.signals, exampleResources: c.exampleResources.map { resources.string($0) },
            exampleSourceIPs: c.exampleSources.map { sources.string($0) })
    }
}
