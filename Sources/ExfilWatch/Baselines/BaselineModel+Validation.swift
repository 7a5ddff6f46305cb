extension BaselineModel {
    /// Checks every field against its documented range (see `models/README.md`).
    /// - Throws: ``BaselineModelError`` naming the first offending key and the expected range.
    public func validate() throws {
        func require(_ ok: Bool, _ key: String, _ expected: String, _ got: Any) throws {
            if !ok { throw BaselineModelError(key: key, message: "must be \(expected) (got \(got))") }
        }
        let day: Int64 = 86_400
        try require(version == 1, "version", "1 (the format this build reads)", version)
        try require((0...(365 * day)).contains(learnFor), "learn_for", "0 … 31536000 seconds", learnFor)
        try require(threshold > 0 && threshold <= 1000, "threshold", "in (0, 1000]", threshold)
        try require(
            severity.medium >= threshold && severity.medium <= 1000, "severity.medium",
            "≥ threshold (\(threshold)) and ≤ 1000", severity.medium)
        try require(
            severity.high >= severity.medium && severity.high <= 1000, "severity.high",
            "≥ severity.medium (\(severity.medium)) and ≤ 1000", severity.high)
        try require(
            severity.critical >= severity.high && severity.critical <= 1000, "severity.critical",
            "≥ severity.high (\(severity.high)) and ≤ 1000", severity.critical)
        try require((0...(30 * day)).contains(cooldown), "cooldown", "0 … 2592000 seconds", cooldown)
        try require((1...(1 << 40)).contains(bytesUnit), "bytes_unit", "1 … 1099511627776 bytes", bytesUnit)
        try validateScales()
        try validateSignals()
        try require(
            (3600...(365 * day)).contains(learning.halfLife), "learning.half_life", "3600 … 31536000 seconds",
            learning.halfLife)
        try require(
            learning.clipScore >= 0.5 && learning.clipScore <= 100, "learning.clip_score", "in [0.5, 100]",
            learning.clipScore)
        try require(
            (0...1).contains(learning.familiarFraction), "learning.familiar_fraction", "in [0, 1]",
            learning.familiarFraction)
        try require(
            (0...(365 * day)).contains(newActors.age), "new_actors.age", "0 … 31536000 seconds", newActors.age)
        try require(
            newActors.priorWindows > 0 && newActors.priorWindows <= 1e6, "new_actors.prior_windows", "in (0, 1e6]",
            newActors.priorWindows)
        try require(
            newActors.priorStrength >= 0 && newActors.priorStrength <= 1e9, "new_actors.prior_strength",
            "in [0, 1e9]", newActors.priorStrength)
        try require(
            seasonality.actorMinEvents >= 1 && seasonality.actorMinEvents <= 1_000_000_000,
            "seasonality.actor_min_events", "1 … 1000000000", seasonality.actorMinEvents)
        try require(
            seasonality.shrinkage >= 0 && seasonality.shrinkage <= 1e9, "seasonality.shrinkage", "in [0, 1e9]",
            seasonality.shrinkage)
        try require(
            seasonality.weekShrinkage > 0 && seasonality.weekShrinkage <= 520, "seasonality.week_shrinkage",
            "in (0, 520] weeks", seasonality.weekShrinkage)
        try require(
            seasonality.minFactor > 0 && seasonality.minFactor <= 1, "seasonality.min_factor", "in (0, 1]",
            seasonality.minFactor)
        try require(
            surge.capMultiple >= 1 && surge.capMultiple <= 1e6, "surge.cap_multiple", "in [1, 1e6]", surge.capMultiple)
        try require(surge.capFloor >= 0 && surge.capFloor <= 1e9, "surge.cap_floor", "in [0, 1e9]", surge.capFloor)
        try require(
            surge.pseudoCount > 0 && surge.pseudoCount <= 1e9, "surge.pseudo_count", "in (0, 1e9]", surge.pseudoCount)
        try require(
            surge.maxFactor >= 1 && surge.maxFactor <= 1000, "surge.max_factor", "in [1, 1000]", surge.maxFactor)
        try require(
            surge.minWindows >= 0 && surge.minWindows <= 1e6, "surge.min_windows", "in [0, 1e6]", surge.minWindows)
        try require(
            (16...60_000).contains(distinct.exactLimit), "distinct.exact_limit", "16 … 60000", distinct.exactLimit)
        try require(
            (4...16).contains(distinct.hllPrecision), "distinct.hll_precision", "4 … 16", distinct.hllPrecision)
        try require((2...32).contains(distinct.hllSlots), "distinct.hll_slots", "2 … 32", distinct.hllSlots)
        try require(
            novelty.falsePositiveRate >= 1e-6 && novelty.falsePositiveRate <= 0.2, "novelty.false_positive_rate",
            "in [1e-6, 0.2]", novelty.falsePositiveRate)
        let bits = novelty.initialBits
        try require(
            bits >= 64 && bits <= 65_536 && bits & (bits - 1) == 0, "novelty.initial_bits",
            "a power of two from 64 to 65536", bits)
        try require(
            records.stepScore >= 0.01 && records.stepScore <= 10, "records.step_score", "in [0.01, 10]",
            records.stepScore)
        try require(
            records.stepGrowth >= 1 && records.stepGrowth <= 10, "records.step_growth", "in [1, 10]",
            records.stepGrowth)
        for (i, name) in redaction.parameters.enumerated() {
            try require(
                !name.isEmpty && name.count <= 100, "redaction.parameters[\(i)]",
                "a non-empty name of at most 100 characters", name)
        }
        for (i, pattern) in redaction.patterns.enumerated() {
            try require(!pattern.isEmpty, "redaction.patterns[\(i)]", "a non-empty regular expression", pattern)
        }
    }

    private func validateScales() throws {
        func require(_ ok: Bool, _ key: String, _ expected: String, _ got: Any) throws {
            if !ok { throw BaselineModelError(key: key, message: "must be \(expected) (got \(got))") }
        }
        try require((1...4).contains(scales.count), "scales", "a list of 1 to 4 scales", "\(scales.count) scales")
        var names = Set<String>()
        for (i, s) in scales.enumerated() {
            let k = "scales[\(i)]"
            try require(!s.name.isEmpty && s.name.count <= 16, "\(k).name", "1 to 16 characters", "\"\(s.name)\"")
            try require(names.insert(s.name).inserted, "\(k).name", "unique among scales", "\"\(s.name)\"")
            try require(
                s.bucket >= 60 && s.bucket <= 86_400 && s.bucket % 60 == 0, "\(k).bucket",
                "a multiple of 60 seconds from 60 to 86400", s.bucket)
            try require(
                s.window >= s.bucket && s.window % s.bucket == 0 && s.window / s.bucket <= 1440,
                "\(k).window", "a multiple of bucket (\(s.bucket)) of at most 1440 buckets", s.window)
            try require(s.window <= 604_800, "\(k).window", "at most 604800 seconds (a week)", s.window)
            if i > 0 {
                let p = scales[i - 1]
                try require(
                    s.bucket % p.bucket == 0, "\(k).bucket",
                    "a multiple of the previous scale's bucket (\(p.bucket))", s.bucket)
                try require(
                    p.window % s.bucket == 0, "\(k).bucket",
                    "a divisor of the previous scale's window (\(p.window))", s.bucket)
                try require(
                    s.window > p.window, "\(k).window", "longer than the previous scale's window (\(p.window))",
                    s.window)
            }
            for (f, name) in [(s.floors, "floors"), (s.evaluationFloors, "evaluation_floors")] {
                for (v, field) in [
                    (f.repos, "repos"), (f.newRepos, "new_repos"), (f.namespaces, "namespaces"),
                    (f.archives, "archives"),
                ] {
                    try require((1...1_000_000).contains(v), "\(k).\(name).\(field)", "1 … 1000000", v)
                }
            }
            let (f, e) = (s.floors, s.evaluationFloors)
            for (ev, fv, field) in [
                (e.repos, f.repos, "repos"), (e.newRepos, f.newRepos, "new_repos"),
                (e.namespaces, f.namespaces, "namespaces"), (e.archives, f.archives, "archives"),
            ] {
                try require(ev <= fv, "\(k).evaluation_floors.\(field)", "≤ floors.\(field) (\(fv))", ev)
            }
        }
    }

    private func validateSignals() throws {
        for signal in BaselineSignal.allCases {
            let p = signals[signal]
            let k = "signals.\(signal.name)"
            for (values, field) in [(p.priorMean, "prior_mean"), (p.minShape, "min_shape"), (p.maxShape, "max_shape")] {
                guard values.count == scales.count else {
                    throw BaselineModelError(
                        key: "\(k).\(field)",
                        message: "must have one value per scale (\(scales.count)) (got \(values.count))")
                }
            }
            for i in 0..<scales.count {
                let (m, lo, hi) = (p.priorMean[i], p.minShape[i], p.maxShape[i])
                if !(m > 0 && m <= 1e9) {
                    throw BaselineModelError(key: "\(k).prior_mean[\(i)]", message: "must be in (0, 1e9] (got \(m))")
                }
                if !(lo >= 0.01 && lo <= 1000) {
                    throw BaselineModelError(
                        key: "\(k).min_shape[\(i)]", message: "must be in [0.01, 1000] (got \(lo))")
                }
                if !(hi >= lo && hi <= 1000) {
                    throw BaselineModelError(
                        key: "\(k).max_shape[\(i)]", message: "must be in [min_shape (\(lo)), 1000] (got \(hi))")
                }
            }
        }
    }
}
