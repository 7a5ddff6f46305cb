/// Collects the events of the hour being generated; events that fall past the hour wait in `spill`.
final class EventSink {
    /// Events starting in the current hour.
    var batch: [SynthEvent] = []
    /// Events of sessions that run past the hour (a few minutes into the next one).
    var spill: [SynthEvent] = []
    /// End of the current hour, epoch ms.
    var hourEnd: Int64 = 0

    @inline(__always) func add(_ event: SynthEvent) {
        if event.time < hourEnd { batch.append(event) } else { spill.append(event) }
    }
}

/// Ordinary life: people working in their time zones, automation running around the clock, and the
/// internet's background noise. Each actor-hour uses its own generator keyed by `(seed, actor, hour)`.
///
/// Rates are per day for a weekday at activity 1; a person's `rate` (lognormal, mean about 1) scales them,
/// the hourly profile spreads them over working hours, and weekends shrink them.
struct ActivityModel {
    let world: World
    let config: ResolvedSynthConfig
    let surge: [Double]
    let servers: Int

    /// Sessions per weekday of a person at activity 1. Tuned so 20,000 users × 90 days is about 10 GB.
    static let sessionsPerDay = 3.0

    /// Generates hour `hour` (counted from the dataset start) of every actor's ordinary activity.
    /// - Complexity: O(actors + events of the hour).
    func generate(hour: Int, into sink: EventSink) {
        let hourStart = config.startMs + Int64(hour) * CivilTime.msPerHour
        let seed = config.base.seed
        world.actors.withUnsafeBufferPointer { actors in
            for index in 0..<actors.count {
                let actor = actors[index]
                guard hour >= Int(actor.activeFromHour) else { continue }
                switch actor.kind {
                case .user, .crossOrg: humanHour(actor, Int32(index), hour, hourStart, seed, sink)
                case .ciBot, .dependabot, .deployApp: automationHour(actor, Int32(index), hour, hourStart, seed, sink)
                case .mirror, .indexer: continue  // scheduled as nightly episodes
                }
            }
        }
        BackgroundTraffic(world: world, servers: servers).generate(
            hour: hour, hourStart: hourStart, seed: seed,
            into: sink)
    }

    // MARK: People

    /// Share of a weekday's activity that falls in the hour around local minute `m`.
    @inline(__always)
    private func profile(_ m: Int, start: Int, length: Int) -> Double {
        let end = start + length
        if m >= start && m < end {
            let share = 0.85 * 60 / Double(length)
            let lunch = start + length / 2
            return (m >= lunch - 40 && m < lunch + 30) ? share * 0.55 : share
        }
        if (m >= start - 120 && m < start) || (m >= end && m < end + 180) { return 0.02 }
        return 0.002
    }

    private func humanHour(
        _ actor: Actor, _ index: Int32, _ hour: Int, _ hourStart: Int64, _ seed: UInt64,
        _ sink: EventSink
    ) {
        let offset = world.regions[Int(actor.region)].offsetMinutes
        let localMinutes = (hour % 24) * 60 + offset + 30
        let localDay = hour / 24 + (localMinutes < 0 ? -1 : (localMinutes >= 1440 ? 1 : 0))
        let minuteOfDay = (localMinutes + 1440) % 1440
        let weekend = CivilTime.weekday(days: config.startDay + localDay) >= 5
        var weight = profile(minuteOfDay, start: Int(actor.workStart), length: Int(actor.workLength))
        if weekend { weight *= actor.weekendFactor }
        let surgeFactor = surge[min(surge.count - 1, hour / 24)]
        let mean = actor.rate * Self.sessionsPerDay * weight * (surgeFactor > 1 ? 1.4 : 1)
        var rng = SynthRandom(seed: seed, stream: UInt64(index), UInt64(hour), 0x4A)
        let sessions = rng.poisson(mean: mean)
        if sessions == 0 { return }
        let working = minuteOfDay >= Int(actor.workStart) && minuteOfDay < Int(actor.workStart + actor.workLength)
        let ip = pickIP(actor, index, localDay: localDay, working: working, weekend: weekend, seed: seed)
        for _ in 0..<sessions {
            var t = hourStart + Int64(rng.below(3_600_000))
            let roll = rng.unit()
            let server = UInt8(rng.below(servers))
            func make(_ kind: EventKind, repo: Int32, flags: UInt8, ua: Text, aux: Int32 = 0) -> SynthEvent {
                SynthEvent(
                    time: t, seed: rng.next(), actor: index, repo: repo, ip: ip, ua: ua, aux: aux, kind: kind,
                    flags: flags, server: server)
            }
            let dotGit = actor.dotGit ? 0 : EventFlag.noDotGit
            if roll < 0.42 {
                // Coding: pull (several times on release days), sometimes push, LFS for binary-heavy repos.
                let repo = pickRepo(actor, &rng)
                let ssh = rng.chance(actor.sshShare) ? EventFlag.ssh : 0
                let challenge = rng.chance(0.85) ? EventFlag.challenge : 0
                let git = EventFlag.basicAuth | ssh | challenge | dotGit
                let fetches = 1 + rng.poisson(mean: (actor.kind == .crossOrg ? 4 : 0.3) + (surgeFactor - 1))
                for k in 0..<fetches {
                    let r = k == 0 ? repo : pickRepo(actor, &rng)
                    sink.add(make(rng.chance(0.04) ? .gitClone : .gitFetch, repo: r, flags: git, ua: actor.gitUA))
                    if world.repos[Int(r)].usesLFS && ssh == 0 && rng.chance(0.6) {
                        t += Int64(rng.int(1_500, 6_000))
                        sink.add(make(.lfsDownload, repo: r, flags: EventFlag.basicAuth | dotGit, ua: actor.lfsUA))
                    }
                    t += Int64(rng.exponential(mean: 240_000))
                }
                if rng.chance(0.3) {
                    t += Int64(rng.exponential(mean: 900_000))
                    sink.add(make(.gitPush, repo: repo, flags: git, ua: actor.gitUA))
                }
            } else if roll < 0.82 {
                // Browsing: a few pages of one repository (pull requests, code), sometimes a merge.
                let repo = pickRepo(actor, &rng)
                for _ in 0..<(1 + rng.poisson(mean: 1.6)) {
                    sink.add(make(.webPage, repo: repo, flags: 0, ua: actor.browserUA, aux: Int32(rng.below(14))))
                    t += Int64(rng.exponential(mean: 70_000))
                }
                if rng.chance(0.1) {
                    sink.add(make(.auditNoise, repo: repo, flags: 0, ua: actor.browserUA, aux: Int32(rng.below(3))))
                }
            } else if roll < 0.94 {
                let repo = pickRepo(actor, &rng)
                let flags = actor.apiBasic ? EventFlag.basicAuth : 0
                for _ in 0..<rng.int(1, 4) {
                    sink.add(make(.apiCall, repo: repo, flags: flags, ua: actor.apiUA, aux: Int32(rng.below(9))))
                    t += Int64(rng.exponential(mean: 20_000))
                }
            } else {
                miscSession(actor, index, &rng, t: t, ip: ip, server: server, sink)
            }
        }
    }

    /// Rare actions: sign-in, a typo'd remote, a legitimate archive download, a clone of someone else's
    /// repository, an admin action.
    private func miscSession(
        _ actor: Actor, _ index: Int32, _ rng: inout SynthRandom, t: Int64, ip: Text,
        server: UInt8, _ sink: EventSink
    ) {
        let roll = rng.unit()
        var event = SynthEvent(
            time: t, seed: rng.next(), actor: index, repo: pickRepo(actor, &rng), ip: ip,
            ua: actor.browserUA, aux: 0, kind: .login, flags: 0, server: server)
        let git = EventFlag.basicAuth | (actor.dotGit ? 0 : EventFlag.noDotGit)
        if roll < 0.3 {
            event.kind = .login
        } else if roll < 0.45 {
            event.kind = .missingRepo
            event.ua = actor.gitUA
            event.flags = git
        } else if roll < 0.6 {
            event.kind = .archive
            event.aux = 0
        } else if roll < 0.85 {
            event.kind = .gitClone
            event.repo = Int32(rng.below(world.repos.count))
            event.ua = actor.gitUA
            event.flags = git | EventFlag.challenge
        } else {
            event.kind = .auditNoise
            event.aux = Int32(3 + rng.below(5))
        }
        sink.add(event)
    }

    /// Home repositories dominate (skewed to favourites); some work touches the org or the whole company.
    @inline(__always)
    private func pickRepo(_ actor: Actor, _ rng: inout SynthRandom) -> Int32 {
        let roll = rng.unit()
        if actor.homeCount > 0 && (roll < 0.85 || actor.kind == .crossOrg) {
            let skew = actor.kind == .crossOrg ? 1.2 : 2.2
            return world.homeRepo(of: actor, rng.skewedIndex(Int(actor.homeCount), skew: skew))
        }
        if roll < 0.97 {
            let range = world.orgs[Int(actor.org)].repoRange
            return range.lowerBound + Int32(rng.below(range.count))
        }
        return Int32(rng.below(world.repos.count))
    }

    /// Where the person is today: office, VPN from home, or home directly (or a hotel on a travel day).
    @inline(__always)
    private func pickIP(
        _ actor: Actor, _ index: Int32, localDay: Int, working: Bool, weekend: Bool,
        seed: UInt64
    ) -> Text {
        if actor.travelDay >= 0 && localDay == Int(actor.travelDay) { return actor.travelIP }
        let dayRoll = Double(streamKey(seed, UInt64(index), UInt64(localDay &+ 10_000), 0x1B) >> 11) * 0x1p-53
        let hasHome = actor.ipCount > 2
        if working && !weekend {
            if dayRoll < 0.55 { return world.ip(of: actor, slot: 0) }
            return (dayRoll < 0.9 || !hasHome) ? world.ip(of: actor, slot: 1) : world.ip(of: actor, slot: 2)
        }
        return (dayRoll < 0.45 || !hasHome) ? world.ip(of: actor, slot: 1) : world.ip(of: actor, slot: 2)
    }

    // MARK: Automation

    private func automationHour(
        _ actor: Actor, _ index: Int32, _ hour: Int, _ hourStart: Int64, _ seed: UInt64,
        _ sink: EventSink
    ) {
        let hourOfDay = hour % 24
        let weekend = CivilTime.weekday(days: config.startDay + hour / 24) >= 5
        let busy = !weekend && hourOfDay >= 8 && hourOfDay < 23
        let mean: Double
        switch actor.kind {
        case .ciBot: mean = actor.rate / 24 * (busy ? 1.45 : (weekend ? 0.35 : 0.5))
        case .deployApp: mean = busy ? 3 : 0.2
        default: mean = Double(world.repos.count) * 0.35 / 24 * 0.5  // dependabot checks watched repos daily
        }
        var rng = SynthRandom(seed: seed, stream: UInt64(index), UInt64(hour), 0xB0)
        let n = rng.poisson(mean: mean)
        guard n > 0 else { return }
        for _ in 0..<n {
            let repo: Int32
            if actor.kind == .dependabot {
                let r = rng.below(world.repos.count)
                if !world.repos[r].hasDependencies { continue }
                repo = Int32(r)
            } else {
                repo = world.homeRepo(of: actor, rng.skewedIndex(Int(actor.homeCount), skew: 1.6))
            }
            let roll = rng.unit()
            let kind: EventKind = roll < 0.85 ? .gitClone : (roll < 0.97 ? .gitFetch : .gitPush)
            sink.add(
                SynthEvent(
                    time: hourStart + Int64(rng.below(3_600_000)), seed: rng.next(), actor: index,
                    repo: repo, ip: world.ip(of: actor, slot: rng.below(Int(actor.ipCount))), ua: actor.gitUA, aux: 0,
                    kind: kind, flags: EventFlag.basicAuth | EventFlag.automation, server: UInt8(rng.below(servers))))
        }
    }
}
