/// Turns a planned `Episode` into events and computes its exact label (or hard-negative) window.
///
/// Called when the generator's clock reaches the episode's start hour, so only active episodes are ever
/// held in memory. The window spans the first to the last logged instant of the episode's events in either
/// format (see `RequestPlanner.loggedSpan`).
struct EpisodeExpander {
    let world: World
    let servers: Int
    private var scratch: [LinePart] = []

    init(world: World, servers: Int) {
        self.world = world
        self.servers = servers
    }

    /// Expands `episode`, passing each event to `emit`.
    /// - Returns: the window row and whether it is an incident label (else a hard negative); `nil` when the
    ///   episode produced no events (for example an empty repository pool).
    mutating func expand(_ episode: Episode, emit: (SynthEvent) -> Void) -> (row: WindowRow, isIncident: Bool)? {
        var rng = SynthRandom(seed: episode.seed)
        var events: [SynthEvent] = []
        let actor = world.actors[Int(episode.actor)]
        let dotGit = actor.dotGit ? 0 : EventFlag.noDotGit
        var actorName = world.string(actor.name)
        let name: String
        let isIncident: Bool

        func event(
            _ time: Int64, _ kind: EventKind, repo: Int, flags: UInt8, aux: Int32 = 0,
            anonymous: Bool = false, rng: inout SynthRandom
        ) -> SynthEvent {
            SynthEvent(
                time: time, seed: rng.next(), actor: anonymous ? -1 : episode.actor, repo: Int32(repo),
                ip: episode.ip, ua: episode.ua, aux: aux, kind: kind, flags: flags | dotGit,
                server: UInt8(rng.below(servers)))
        }
        /// Sorted random instants in `[start, start + duration)`.
        func instants(_ n: Int, _ start: Int64, _ duration: Int64, rng: inout SynthRandom) -> [Int64] {
            (0..<n).map { _ in start + Int64(rng.unit() * Double(max(1, duration))) }.sorted()
        }

        switch episode.kind {
        case .incident(let scenario):
            name = scenario.rawValue
            isIncident = true
            let bad = EventFlag.malicious | EventFlag.basicAuth
            switch scenario {
            case .burstClone, .newIPClone, .botTokenMisuse:
                var pool = rng.distinct(world.repos.count, from: world.repos.count)
                if scenario == .botTokenMisuse {
                    let own = Set((0..<Int(actor.homeCount)).map { Int(world.homeRepo(of: actor, $0)) })
                    pool.removeAll { own.contains($0) }
                }
                let n = min(Int(episode.count), scenario == .burstClone ? pool.count * 9 / 10 : pool.count)
                let challenge = rng.chance(0.3) ? EventFlag.challenge : 0
                for (k, t) in instants(n, episode.start, episode.duration, rng: &rng).enumerated() {
                    events.append(event(t, .gitClone, repo: pool[k], flags: bad | challenge, rng: &rng))
                }
            case .slowExfil:
                let own = Set((0..<Int(actor.homeCount)).map { Int(world.homeRepo(of: actor, $0)) })
                let pool = rng.distinct(world.repos.count, from: world.repos.count).filter { !own.contains($0) }
                var next = 0
                var hourStart = episode.start
                while hourStart < episode.start + episode.duration && next < pool.count {
                    let length = min(CivilTime.msPerHour, episode.start + episode.duration - hourStart)
                    let perHour = min(40, max(15, Int(episode.count) + rng.int(-5, 5)))
                    let n = min(pool.count - next, max(1, perHour * Int(length) / Int(CivilTime.msPerHour)))
                    for t in instants(n, hourStart, length, rng: &rng) {
                        let challenge = rng.chance(0.7) ? EventFlag.challenge : 0
                        events.append(event(t, .gitClone, repo: pool[next], flags: bad | challenge, rng: &rng))
                        next += 1
                    }
                    hourStart += CivilTime.msPerHour
                }
            case .archiveSweep:
                let anonymous = episode.variant
                let candidates = anonymous ? world.publicRepos.map { Int($0) } : Array(0..<world.repos.count)
                let picks = rng.distinct(min(Int(episode.count), candidates.count), from: candidates.count)
                let style = Int32(rng.below(3))
                let flags = anonymous ? EventFlag.malicious | EventFlag.anonymous : bad
                for (k, t) in instants(picks.count, episode.start, episode.duration, rng: &rng).enumerated() {
                    let aux = rng.chance(0.9) ? style : Int32(rng.below(3))
                    events.append(
                        event(
                            t, .archive, repo: candidates[picks[k]], flags: flags, aux: aux,
                            anonymous: anonymous, rng: &rng))
                }
                if anonymous { actorName = "ip:" + world.string(episode.ip) }
            case .exportBurst:
                let picks = rng.distinct(Int(episode.count), from: world.repos.count)
                var migrationId = Int32(rng.int(100_000, 900_000))
                for (k, t) in instants(picks.count, episode.start, episode.duration, rng: &rng).enumerated() {
                    if episode.variant {
                        migrationId += Int32(rng.int(1, 40))
                        events.append(event(t, .migration, repo: picks[k], flags: bad, aux: migrationId, rng: &rng))
                    } else {
                        events.append(event(t, .exportStart, repo: picks[k], flags: bad, rng: &rng))
                        let later = t + Int64(rng.int(60_000, 240_000))
                        events.append(event(later, .exportDownload, repo: picks[k], flags: bad, rng: &rng))
                    }
                }
            }
        case .newHire:
            name = NegativeKind.newHire.rawValue
            isIncident = false
            let repos = teamRepos(of: actor, count: Int(episode.count), rng: &rng)
            for (k, t) in instants(repos.count, episode.start, episode.duration, rng: &rng).enumerated() {
                let challenge = k == 0 || rng.chance(0.2) ? EventFlag.challenge : 0
                events.append(event(t, .gitClone, repo: repos[k], flags: EventFlag.basicAuth | challenge, rng: &rng))
            }
        case .scriptedChange:
            name = NegativeKind.scriptedChange.rawValue
            isIncident = false
            let repos = teamRepos(of: actor, count: Int(episode.count), rng: &rng)
            let spacing = 12 * CivilTime.msPerMinute / Int64(max(1, repos.count))
            for (k, repo) in repos.enumerated() {
                let clone = episode.start + Int64(k) * spacing + Int64(rng.below(Int(max(1, spacing / 2))))
                events.append(event(clone, .gitClone, repo: repo, flags: EventFlag.basicAuth, rng: &rng))
                let push = clone + Int64(rng.int(120_000, 420_000))
                events.append(event(push, .gitPush, repo: repo, flags: EventFlag.basicAuth, rng: &rng))
            }
        case .nightlyMirror, .codeIndexer:
            if case .nightlyMirror = episode.kind {
                name = NegativeKind.nightlyMirror.rawValue
            } else {
                name = NegativeKind.codeIndexer.rawValue
            }
            isIncident = false
            let n = world.repos.count
            let spacing = episode.duration / Int64(max(1, n))
            for r in 0..<n where !rng.chance(0.03) {  // a few archived or excluded repositories are skipped
                let t = episode.start + Int64(r) * spacing + Int64(rng.below(Int(max(1, spacing / 2))))
                events.append(
                    event(
                        t, .gitClone, repo: r, flags: EventFlag.basicAuth | EventFlag.automation,
                        rng: &rng))
            }
        }
        guard !events.isEmpty else { return nil }
        var first = Int64.max
        var last = Int64.min
        for e in events {
            let span = RequestPlanner.loggedSpan(e, world: world, scratch: &scratch)
            first = min(first, span.first)
            last = max(last, span.last)
            emit(e)
        }
        return (WindowRow(actor: actorName, start: first, end: last, name: name), isIncident)
    }

    /// `count` repositories of the actor's team, topped up from the org (and then anywhere) when the team
    /// owns fewer.
    private func teamRepos(of actor: Actor, count: Int, rng: inout SynthRandom) -> [Int] {
        var result: [Int] = []
        var seen = Set<Int>()
        if actor.team >= 0 {
            let range = world.teams[Int(actor.team)].repoRange
            for r in range where seen.insert(Int(r)).inserted { result.append(Int(r)) }
        }
        let org = world.orgs[Int(actor.org)].repoRange
        for r in rng.distinct(org.count, from: org.count) where result.count < count {
            if seen.insert(Int(org.lowerBound) + r).inserted { result.append(Int(org.lowerBound) + r) }
        }
        for r in rng.distinct(count, from: world.repos.count) where result.count < count {
            if seen.insert(r).inserted { result.append(r) }
        }
        return Array(result.prefix(count))
    }
}
