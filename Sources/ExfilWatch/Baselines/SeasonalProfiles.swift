/// Time-of-week activity profiles: one for the whole population, and one per actor once it has made
/// `seasonality.actor_min_events` transfers.
///
/// The factor of a minute says how busy its hour is against an average hour (1 = average). It blends an
/// hour-of-day profile, learned in a day, with the hour-of-week profile, which needs weeks:
/// `f = (1 − w) · 24 · d(hour of day) + w · 168 · s(hour of week)`, with `w = W / (W + k_w)`, `W` the
/// weeks the profile has existed and `k_w` the `seasonality.week_shrinkage`. So a nightly job is
/// understood after one night, and Monday 10:00 is compared with Mondays at 10:00 once Mondays were
/// seen. Shares are smoothed: the population's with one pseudo-event per slot; an actor's toward the
/// population's with `seasonality.shrinkage` pseudo-events, `d(h) = (a_day(h) + k · p_day(h)) / (A + k)`
/// and `s(h) = (a(h) + k · p(h)) / (A + k)`. Factors are floored at `seasonality.min_factor`. A
/// window's exposure is the mean factor over its minutes. Counts are halved when they grow large
/// (population 2^30, actor 2^20 events), a slow forgetting. Memory: 680 bytes per actor profile.
struct SeasonalProfiles: Sendable {
    var population: [Double] = Array(repeating: 0, count: 168)
    var populationTotal: Double = 0
    /// Population counts per hour of day (sums of `population` over weekdays).
    var populationDay: [Double] = Array(repeating: 0, count: 24)
    /// Minute of the population's first transfer.
    var populationStart: Int32 = .max
    /// Per-actor blocks of 169 values: 168 hour-of-week counts, then their total.
    var actors: [Float32] = []
    /// Minute each actor profile was created.
    var actorStart: [Int32] = []
    var free: [UInt32] = []
    let enabled: Bool
    let shrinkage: Double
    let weekShrinkage: Double
    let minFactor: Double

    static let none = UInt32.max
    static let stride = 169

    init(model: BaselineModel) {
        enabled = model.seasonality.enabled
        shrinkage = model.seasonality.shrinkage
        weekShrinkage = model.seasonality.weekShrinkage
        minFactor = model.seasonality.minFactor
    }

    var approximateBytes: Int {
        population.capacity * 8 + actors.capacity * 4 + actorStart.capacity * 4 + free.capacity * 4
    }

    mutating func recordPopulation(hour: Int, minute: Int32) {
        if populationStart == .max { populationStart = minute }
        population[hour] += 1
        populationDay[hour % 24] += 1
        populationTotal += 1
        if populationTotal > 1_073_741_824 {
            for h in 0..<168 { population[h] *= 0.5 }
            populationTotal *= 0.5
            rebuildDayCounts()
        }
    }

    mutating func rebuildDayCounts() {
        for hod in 0..<24 { populationDay[hod] = (0..<7).reduce(0) { $0 + population[$1 * 24 + hod] } }
    }

    /// A new, empty actor profile created at `minute`. - Complexity: O(1) amortized.
    mutating func allocate(minute: Int32) -> UInt32 {
        if let b = free.popLast() {
            let base = Int(b) * SeasonalProfiles.stride
            for i in 0..<SeasonalProfiles.stride { actors[base + i] = 0 }
            actorStart[Int(b)] = minute
            return b
        }
        let index = UInt32(actorStart.count)
        actors.append(contentsOf: repeatElement(0, count: SeasonalProfiles.stride))
        actorStart.append(minute)
        return index
    }

    /// Returns an actor profile to the free list. - Complexity: O(1).
    mutating func release(_ index: UInt32) {
        free.append(index)
    }

    mutating func recordActor(_ index: UInt32, hour: Int) {
        let base = Int(index) * SeasonalProfiles.stride
        actors[base + hour] += 1
        actors[base + 168] += 1
        if actors[base + 168] > 1_048_576 {
            for i in 0..<SeasonalProfiles.stride { actors[base + i] *= 0.5 }
        }
    }

    /// Weight of the hour-of-week profile for a profile that started at `start`, at `minute`.
    @inline(__always)
    private func weekWeight(start: Int32, minute: Int32) -> Double {
        guard start != .max else { return 0 }
        let weeks = max(0, Double(minute - start)) / Double(EventTime.minutesPerWeek)
        return weeks / (weeks + weekShrinkage)
    }

    /// Factor of the hour containing `minute` for an actor's profile (the population's when `none`).
    /// - Complexity: O(7).
    func factor(minute: Int32, profile: UInt32) -> Double {
        guard enabled else { return 1 }
        let how = EventTime.hourOfWeek(minute: minute)
        let hod = how % 24
        let popDay = populationDay[hod]
        let pWeek = (population[how] + 1) / (populationTotal + 168)
        let pDay = (popDay + 1) / (populationTotal + 24)
        var f: Double
        if profile == SeasonalProfiles.none {
            let w = weekWeight(start: populationStart, minute: minute)
            f = (1 - w) * 24 * pDay + w * 168 * pWeek
        } else {
            let base = Int(profile) * SeasonalProfiles.stride
            var aDay = 0.0
            for d in 0..<7 { aDay += Double(actors[base + d * 24 + hod]) }
            let total = Double(actors[base + 168]) + shrinkage
            let w = weekWeight(start: actorStart[Int(profile)], minute: minute)
            let day = (aDay + shrinkage * pDay) / total
            let week = (Double(actors[base + how]) + shrinkage * pWeek) / total
            f = (1 - w) * 24 * day + w * 168 * week
        }
        return max(f, minFactor)
    }

    /// Mean factor over the minutes `[from, to)`. - Complexity: O(hours spanned, at most 170).
    func meanFactor(from: Int32, to: Int32, profile: UInt32) -> Double {
        guard enabled, to > from else { return 1 }
        var total = 0.0
        var a = from
        let span = to - from
        if span >= EventTime.minutesPerWeek {
            // Whole weeks: the mean over one week starting at `from`, times the number of weeks.
            let weeks = span / EventTime.minutesPerWeek
            var week = 0.0
            for h in 0..<168 { week += factor(minute: from + Int32(h) * 60, profile: profile) }
            total += week * 60 * Double(weeks)
            a += weeks * EventTime.minutesPerWeek
        }
        while a < to {
            let hourEnd = (EventTime.floorDiv(a, 60) + 1) * 60
            let b = min(hourEnd, to)
            total += factor(minute: a, profile: profile) * Double(b - a)
            a = b
        }
        return total / Double(span)
    }
}
