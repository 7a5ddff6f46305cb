import ExfilWatch

/// Deterministic pseudo-random numbers (SplitMix64) for generated streams.
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<n`.
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// A small generated organization: namespaces of repositories, developers with their own habits, and
/// helpers that add the scenarios of the detector's tests. Ids: namespaces `0..<namespaces`,
/// repositories `1000 + ns * 100 + r`, sources `50_000 + n`. Time starts Monday 2025-01-06 00:00 UTC.
struct SyntheticStream {
    static let start: Int64 = 1_736_121_600
    static let day: Int64 = 86_400
    static let hour: Int64 = 3600

    let namespaces: Int
    let reposPerNamespace: Int
    var random: TestRandom
    var events: [Observation] = []

    init(namespaces: Int = 20, reposPerNamespace: Int = 40, seed: UInt64 = 7) {
        self.namespaces = namespaces
        self.reposPerNamespace = reposPerNamespace
        random = TestRandom(seed: seed)
    }

    static func repo(_ ns: Int, _ r: Int) -> UInt32 { UInt32(1000 + ns * 100 + r) }
    static func source(_ n: Int) -> UInt32 { UInt32(50_000 + n) }

    mutating func add(
        _ t: Int64, _ actor: UInt32, _ action: ActionClass, ns: Int, repo: Int, source: Int, bytes: Int64 = 0
    ) {
        events.append(
            Observation(
                time: t, actor: actor, action: action, resource: SyntheticStream.repo(ns, repo),
                namespace: UInt32(ns), source: SyntheticStream.source(source), bytes: bytes))
    }

    /// Ordinary developers `actors`, each with a home namespace and eight familiar repositories, on
    /// weekdays of `days`: web and API traffic, a few clones and fetches of familiar repositories in
    /// working hours (their own time zone offset), and now and then a new repository of the home team.
    mutating func developers(_ actors: Range<UInt32>, days: Range<Int>, fetchFactor: (Int) -> Double = { _ in 1 }) {
        for actor in actors {
            let home = Int(actor) % namespaces
            let offset = Int64(Int(actor % 5) - 2) * SyntheticStream.hour
            let familiar = (0..<8).map { (home, (Int(actor) * 3 + $0) % reposPerNamespace) }
            for d in days where d % 7 < 5 {
                let dayStart =
                    SyntheticStream.start + Int64(d) * SyntheticStream.day + 9 * SyntheticStream.hour + offset
                func when() -> Int64 { dayStart + Int64(random.int(8 * 3600)) }
                for _ in 0..<(40 + random.int(40)) {
                    events.append(
                        Observation(
                            time: when(), actor: actor, action: .other, source: SyntheticStream.source(Int(actor))))
                }
                for _ in 0..<random.int(4) {
                    let (ns, r) = familiar[random.int(familiar.count)]
                    add(when(), actor, .clone, ns: ns, repo: r, source: Int(actor), bytes: 30_000_000)
                }
                let fetches = Int(Double(4 + random.int(10)) * fetchFactor(d))
                for _ in 0..<fetches {
                    let (ns, r) = familiar[random.int(familiar.count)]
                    add(when(), actor, .fetch, ns: ns, repo: r, source: Int(actor), bytes: 200_000)
                }
                if random.int(10) == 0 {
                    add(
                        when(), actor, .clone, ns: home, repo: random.int(reposPerNamespace), source: Int(actor),
                        bytes: 30_000_000)
                }
                if random.int(20) == 0 {
                    let (ns, r) = familiar[0]
                    add(when(), actor, .archive, ns: ns, repo: r, source: Int(actor), bytes: 5_000_000)
                }
            }
        }
    }

    /// `count` clones of distinct repositories spread over all namespaces, `spacing` seconds apart.
    mutating func sweep(
        actor: UInt32, from t0: Int64, count: Int, spacing: Int64, action: ActionClass = .clone, source: Int = 900
    ) {
        for i in 0..<count {
            let ns = i % namespaces
            let r = (i / namespaces + 17) % reposPerNamespace
            add(t0 + Int64(i) * spacing, actor, action, ns: ns, repo: r, source: source, bytes: 25_000_000)
        }
    }

    /// A CI bot cloning its own `repos` repositories of one namespace every `every` seconds over `days`.
    mutating func ciBot(actor: UInt32, days: Range<Int>, repos: Int = 3, every: Int64 = 120) {
        var t = SyntheticStream.start + Int64(days.lowerBound) * SyntheticStream.day
        let end = SyntheticStream.start + Int64(days.upperBound) * SyntheticStream.day
        var i = 0
        while t < end {
            add(t + Int64(random.int(20)), actor, .clone, ns: 3, repo: i % repos, source: 777, bytes: 80_000_000)
            i += 1
            t += every / Int64(repos)
        }
    }

    /// A mirror cloning every repository each night at 02:00, one per second.
    mutating func mirror(actor: UInt32, days: Range<Int>) {
        for d in days {
            let t0 = SyntheticStream.start + Int64(d) * SyntheticStream.day + 2 * SyntheticStream.hour
            var i = 0
            for ns in 0..<namespaces {
                for r in 0..<reposPerNamespace {
                    add(t0 + Int64(i), actor, .clone, ns: ns, repo: r, source: 888, bytes: 40_000_000)
                    i += 1
                }
            }
        }
    }

    /// A new hire's first morning: `count` clones of home-team repositories over two hours.
    mutating func newHire(actor: UInt32, day: Int, namespaces teams: [Int], count: Int = 30) {
        let t0 = SyntheticStream.start + Int64(day) * SyntheticStream.day + 9 * SyntheticStream.hour
        for i in 0..<count {
            let ns = teams[i % teams.count]
            add(t0 + Int64(i) * 240 + Int64(random.int(60)), actor, .clone, ns: ns, repo: i / teams.count, source: 600)
        }
    }

    /// The events in time order (stable for equal times).
    func sorted() -> [Observation] {
        events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}

/// Runs a detector over `events` and flushes it; returns the alerts.
func runDetector(
    _ events: [Observation], model: BaselineModel = .shipped, detector: inout BaselineDetector
) -> [AlertCandidate] {
    var alerts: [AlertCandidate] = []
    for e in events { detector.observe(e) { alerts.append($0) } }
    if let last = events.last { detector.advance(to: last.time + 3 * SyntheticStream.day) { alerts.append($0) } }
    return alerts
}

func runDetector(_ events: [Observation], model: BaselineModel = .shipped) -> [AlertCandidate] {
    var detector = BaselineDetector(model: model)
    return runDetector(events, model: model, detector: &detector)
}
