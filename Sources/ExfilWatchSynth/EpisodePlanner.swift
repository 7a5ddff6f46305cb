/// Plans incidents and hard negatives over the dataset's days.
///
/// Runs once before streaming. It also marks new hires (no activity before their first hour) and travellers
/// (one day on another IP) in the world. Incidents never start during the first
/// `SynthConfig.incidentFreeDays` days and always end before the dataset does.
struct EpisodePlanner {
    let config: ResolvedSynthConfig
    let world: World
    private var rng: SynthRandom
    private var plan = Plan()
    /// Humans already given a role, so incidents and negatives do not pile onto one person.
    private var busy = Set<Int32>()

    init(config: ResolvedSynthConfig, world: World) {
        self.config = config
        self.world = world
        rng = SynthRandom(seed: config.base.seed, stream: 0x91A7)
    }

    /// Builds the plan (and updates new hires and travellers in the world).
    mutating func build() -> Plan {
        let days = config.base.days
        let users = config.base.users
        plan.surge = Array(repeating: 1, count: days)
        planStaticNegatives()
        planMirrors()
        if days >= 2 && users >= 5 {
            for _ in 0..<max(1, users * days / 1500) { planNewHire() }
            for _ in 0..<max(1, users * days / 2000) { planScriptedChange() }
        }
        for _ in 0..<(users >= 5 ? users * days / 800 : 0) { planTravel() }
        planIncidents()
        plan.episodes.sort { ($0.start, $0.actor) < ($1.start, $1.actor) }
        return plan
    }

    // MARK: Negatives known up front

    private mutating func planStaticNegatives() {
        let start = config.startMs
        let end = config.endMs
        for b in world.ciBots {
            plan.fixedNegatives.append(
                WindowRow(
                    actor: world.string(world.actors[Int(b)].name), start: start,
                    end: end, name: NegativeKind.ciBot.rawValue))
        }
        for h in world.humans where world.actors[Int(h)].kind == .crossOrg {
            plan.fixedNegatives.append(
                WindowRow(
                    actor: world.string(world.actors[Int(h)].name), start: start,
                    end: end, name: NegativeKind.crossOrgEngineer.rawValue))
            busy.insert(h)
        }
        if world.actors.contains(where: { $0.kind == .dependabot || $0.kind == .deployApp }) {
            plan.fixedNegatives.append(
                WindowRow(
                    actor: "x-access-token", start: start, end: end,
                    name: NegativeKind.appToken.rawValue))
        }
        if world.actors.contains(where: { $0.kind == .dependabot }) {
            plan.fixedNegatives.append(
                WindowRow(
                    actor: "dependabot[bot]", start: start, end: end,
                    name: NegativeKind.appToken.rawValue))
        }
        // Release days: everyone fetches 3–5x more. Listed with actor `*` (every account).
        let days = config.base.days
        if days >= 4 {
            let weekdays = (0..<days).filter { CivilTime.weekday(days: config.startDay + $0) < 5 }
            for d in rng.distinct(max(1, days / 12), from: weekdays.count).map({ weekdays[$0] }) {
                plan.surge[d] = rng.uniform(3, 5)
                let dayStart = start + Int64(d) * CivilTime.msPerDay
                plan.fixedNegatives.append(
                    WindowRow(
                        actor: "*", start: dayStart,
                        end: dayStart + CivilTime.msPerDay, name: NegativeKind.releaseSurge.rawValue))
            }
        }
    }

    private mutating func planMirrors() {
        for (index, actor) in world.actors.enumerated() where actor.kind == .mirror || actor.kind == .indexer {
            let isMirror = actor.kind == .mirror
            // Fixed hour (01:00 or 03:30 UTC) with a few minutes of cron jitter.
            let offset = isMirror ? 60 * CivilTime.msPerMinute : 210 * CivilTime.msPerMinute
            let duration = Int64(min(3 * 3600, max(600, world.repos.count * 3 / 4))) * 1000
            for d in 0..<config.base.days {
                let start = config.startMs + Int64(d) * CivilTime.msPerDay + offset + Int64(rng.below(240_000))
                plan.episodes.append(
                    Episode(
                        kind: isMirror ? .nightlyMirror : .codeIndexer, actor: Int32(index),
                        start: start, duration: duration, count: Int32(world.repos.count),
                        ip: world.ip(of: actor, slot: 0),
                        ua: actor.gitUA, variant: false, seed: rng.next()))
            }
        }
    }

    // MARK: Event-producing negatives

    private mutating func planNewHire() {
        guard let h = pickHuman(), config.base.days >= 2 else { return }
        let actor = world.actors[Int(h)]
        let day = pickWeekday(in: 1..<config.base.days, actor: actor)
        let start = localTime(day: day, minute: Int(actor.workStart) + rng.int(30, 90), actor: actor)
        guard start + CivilTime.msPerHour < config.endMs else { return }
        world.actors[Int(h)].activeFromHour = Int32((start - config.startMs) / CivilTime.msPerHour + 1)
        plan.episodes.append(
            Episode(
                kind: .newHire, actor: h, start: start, duration: 55 * CivilTime.msPerMinute,
                count: Int32(rng.int(10, 40)), ip: world.ip(of: actor, slot: 0), ua: actor.gitUA, variant: false,
                seed: rng.next()))
    }

    private mutating func planScriptedChange() {
        guard let h = pickHuman() else { return }
        let actor = world.actors[Int(h)]
        let day = pickWeekday(in: 0..<config.base.days, actor: actor)
        let start = localTime(day: day, minute: Int(actor.workStart) + rng.int(60, 360), actor: actor)
        guard start >= config.startMs, start + 25 * CivilTime.msPerMinute < config.endMs else { return }
        plan.episodes.append(
            Episode(
                kind: .scriptedChange, actor: h, start: start,
                duration: 20 * CivilTime.msPerMinute, count: Int32(rng.int(15, 30)), ip: world.ip(of: actor, slot: 0),
                ua: actor.gitUA, variant: false, seed: rng.next()))
    }

    private mutating func planTravel() {
        guard let h = pickHuman() else { return }
        let actor = world.actors[Int(h)]
        let day = pickWeekday(in: 0..<config.base.days, actor: actor)
        let ip = world.arena.intern(WorldBuilder.publicAddress(residential: true, region: Int(actor.region), rng: &rng))
        world.actors[Int(h)].travelDay = Int32(day)
        world.actors[Int(h)].travelIP = ip
        let start = localTime(day: day, minute: 0, actor: actor)
        plan.fixedNegatives.append(
            WindowRow(
                actor: world.string(actor.name), start: max(config.startMs, start),
                end: min(config.endMs, start + CivilTime.msPerDay), name: NegativeKind.newIPLegit.rawValue))
    }

    // MARK: Incidents

    private mutating func planIncidents() {
        let count = config.incidents
        guard count > 0 else { return }
        let freeEnd = config.startMs + Int64(SynthConfig.incidentFreeDays) * CivilTime.msPerDay
        var cycle: [Scenario] = []
        for i in 0..<count {
            if cycle.isEmpty {
                cycle = Scenario.allCases
                for j in stride(from: cycle.count - 1, to: 0, by: -1) { cycle.swapAt(j, rng.below(j + 1)) }
            }
            var scenario = cycle.removeLast()
            if scenario == .botTokenMisuse && world.ciBots.isEmpty { scenario = .burstClone }
            let span = config.base.days - SynthConfig.incidentFreeDays
            let day =
                SynthConfig.incidentFreeDays
                + min(
                    span - 1,
                    Int(
                        (Double(i) + rng.unit()) * Double(span)
                            / Double(count)))
            planIncident(scenario, day: day, freeEnd: freeEnd)
        }
    }

    private mutating func planIncident(_ scenario: Scenario, day: Int, freeEnd: Int64) {
        let actorIndex: Int32
        if scenario == .botTokenMisuse {
            actorIndex = world.ciBots[rng.below(world.ciBots.count)]
        } else {
            guard let h = pickHuman(activeBy: day) else { return }
            actorIndex = h
        }
        let actor = world.actors[Int(actorIndex)]
        let attackerIP = world.arena.intern(WorldBuilder.publicAddress(residential: false, rng: &rng))
        let scripted = world.scriptedUAs[rng.below(world.scriptedUAs.count)]
        let workMinute = Int(actor.workStart) + rng.int(0, 240)
        var start: Int64
        var duration: Int64
        var count: Int
        var ip = world.ip(of: actor, slot: 0)
        var ua = actor.gitUA
        var variant = false
        switch scenario {
        case .burstClone:
            let night = rng.chance(0.6)
            start = localTime(day: day, minute: night ? rng.int(-120, 300) : workMinute, actor: actor)
            duration = Int64(rng.int(5, 15)) * CivilTime.msPerMinute
            count = rng.int(200, 600)
            if rng.chance(0.7) { ip = attackerIP }
            if rng.chance(0.6) { ua = scripted }
        case .slowExfil:
            let d = pickWeekday(in: day..<config.base.days, actor: actor)
            start = localTime(day: d, minute: Int(actor.workStart) + rng.int(20, 80), actor: actor)
            duration = Int64(rng.int(6 * 60, 9 * 60)) * CivilTime.msPerMinute
            count = rng.int(15, 40)  // per hour
        case .archiveSweep:
            start = localTime(day: day, minute: rng.chance(0.7) ? workMinute : rng.int(0, 1439), actor: actor)
            duration = Int64(rng.int(20, 60)) * CivilTime.msPerMinute
            count = rng.int(50, 300)
            ua = world.downloadUAs[rng.below(world.downloadUAs.count)]
            if rng.chance(0.5) { ip = attackerIP }
            // Anonymous sweeps need enough public repositories; the label actor is then `ip:<address>`.
            variant = world.publicRepos.count >= 30 && rng.chance(0.3)
            if variant { ip = attackerIP }
        case .exportBurst:
            start = localTime(day: day, minute: workMinute, actor: actor)
            duration = Int64(rng.int(3, 10)) * CivilTime.msPerMinute
            count = rng.int(10, 40)
            ua = world.downloadUAs[rng.below(world.downloadUAs.count)]
            variant = rng.chance(0.5)  // GitHub migrations rather than GitLab project exports
            if rng.chance(0.3) { ip = attackerIP }
        case .botTokenMisuse:
            start = localTime(day: day, minute: rng.int(0, 1439), actor: actor)
            duration = Int64(rng.int(15, 60)) * CivilTime.msPerMinute
            count = rng.int(40, 150)
            if rng.chance(0.6) { ip = attackerIP }
            if rng.chance(0.3) { ua = scripted }
        case .newIPClone:
            start = localTime(day: day, minute: rng.chance(0.5) ? workMinute : rng.int(0, 1439), actor: actor)
            duration = Int64(rng.int(15, 45)) * CivilTime.msPerMinute
            count = rng.int(40, 100)
            ip = attackerIP
            ua =
                scripted == actor.gitUA
                ? world.scriptedUAs[
                    (rng.below(world.scriptedUAs.count - 1) + 1)
                        % world.scriptedUAs.count] : scripted
        }
        // Keep the window inside [end of the incident-free days, end of dataset).
        if start < freeEnd { start += ((freeEnd - start) / CivilTime.msPerDay + 1) * CivilTime.msPerDay }
        let latest = config.endMs - duration - 5 * CivilTime.msPerMinute
        if start > latest { start = max(freeEnd, latest) }
        if start + duration > config.endMs - CivilTime.msPerMinute {
            duration = max(CivilTime.msPerMinute, config.endMs - CivilTime.msPerMinute - start)
        }
        plan.episodes.append(
            Episode(
                kind: .incident(scenario), actor: actorIndex, start: start, duration: duration,
                count: Int32(count), ip: ip, ua: ua, variant: variant, seed: rng.next()))
    }

    // MARK: Helpers

    /// A human of kind `.user` not yet given a role (any human once all are taken), active by `day`.
    private mutating func pickHuman(activeBy day: Int = 0) -> Int32? {
        let humans = world.humans
        guard !humans.isEmpty else { return nil }
        for _ in 0..<64 {
            let h = humans[rng.below(humans.count)]
            let actor = world.actors[Int(h)]
            if actor.kind == .user && !busy.contains(h) && Int(actor.activeFromHour) <= day * 24 {
                busy.insert(h)
                return h
            }
        }
        return humans.first {
            world.actors[Int($0)].kind == .user && Int(world.actors[Int($0)].activeFromHour) <= day * 24
        }
    }

    /// A day in `range` that is a weekday for the actor (falls back to the range's first day).
    private mutating func pickWeekday(in range: Range<Int>, actor: Actor) -> Int {
        guard !range.isEmpty else { return max(0, config.base.days - 1) }
        for _ in 0..<16 {
            let d = rng.int(range.lowerBound, range.upperBound - 1)
            if CivilTime.weekday(days: config.startDay + d) < 5 { return d }
        }
        return range.lowerBound
    }

    /// Epoch ms of local `minute` (may be negative or past midnight) on dataset day `day` in the actor's zone.
    private func localTime(day: Int, minute: Int, actor: Actor) -> Int64 {
        let offset = world.regions[Int(actor.region)].offsetMinutes
        return config.startMs + Int64(day) * CivilTime.msPerDay + Int64(minute - offset) * CivilTime.msPerMinute
    }
}
