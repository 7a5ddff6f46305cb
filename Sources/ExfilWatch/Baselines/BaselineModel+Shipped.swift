extension BaselineModel {
    /// The shipped model, equal to `models/default.json` (a test checks that the file decodes to it).
    public static let shipped = BaselineModel(
        version: 1,
        learnFor: 172_800,
        threshold: 4.0,
        severity: SeverityBands(medium: 8, high: 16, critical: 32),
        cooldown: 3600,
        bytesUnit: 1_048_576,
        scales: [
            Scale(
                name: "10m", window: 600, bucket: 60,
                floors: Floors(repos: 40, newRepos: 8, namespaces: 3, archives: 5),
                evaluationFloors: Floors(repos: 20, newRepos: 4, namespaces: 2, archives: 3)),
            Scale(
                name: "1h", window: 3600, bucket: 300,
                floors: Floors(repos: 80, newRepos: 12, namespaces: 3, archives: 10),
                evaluationFloors: Floors(repos: 40, newRepos: 6, namespaces: 2, archives: 5)),
            Scale(
                name: "1d", window: 86_400, bucket: 3600,
                floors: Floors(repos: 200, newRepos: 25, namespaces: 4, archives: 20),
                evaluationFloors: Floors(repos: 100, newRepos: 12, namespaces: 2, archives: 10)),
        ],
        signals: Signals(
            clones: SignalPrior(priorMean: [0.02, 0.1, 2], minShape: [0.05, 0.08, 0.1], maxShape: [0.5, 1, 2]),
            fetches: SignalPrior(priorMean: [0.1, 0.5, 10], minShape: [0.05, 0.08, 0.1], maxShape: [0.5, 1, 2]),
            lfs: SignalPrior(priorMean: [0.02, 0.1, 2], minShape: [0.05, 0.05, 0.05], maxShape: [0.3, 0.5, 1]),
            archives: SignalPrior(priorMean: [0.005, 0.02, 0.2], minShape: [0.05, 0.08, 0.1], maxShape: [0.5, 1, 2]),
            exports: SignalPrior(
                priorMean: [0.001, 0.005, 0.02], minShape: [0.05, 0.08, 0.1], maxShape: [0.5, 1, 2]),
            bytesOut: SignalPrior(priorMean: [2, 10, 200], minShape: [0.05, 0.05, 0.05], maxShape: [0.3, 0.5, 1]),
            distinctRepos: SignalPrior(
                priorMean: [0.05, 0.25, 5], minShape: [0.05, 0.08, 0.1], maxShape: [0.5, 1, 2]),
            newRepos: SignalPrior(priorMean: [0.02, 0.1, 1], minShape: [0.05, 0.08, 0.1], maxShape: [0.5, 1, 2]),
            namespaces: SignalPrior(
                priorMean: [0.03, 0.15, 1.5], minShape: [0.05, 0.08, 0.1], maxShape: [0.5, 1, 2]),
            sourceIPs: SignalPrior(priorMean: [0.03, 0.15, 1.5], minShape: [0.05, 0.08, 0.1], maxShape: [0.5, 1, 2])
        ),
        learning: Learning(halfLife: 1_209_600, clipScore: 3.0, familiarFraction: 0.2),
        newActors: NewActors(age: 259_200, priorWindows: 1.0, priorStrength: 20),
        seasonality: Seasonality(enabled: true, actorMinEvents: 200, shrinkage: 50, weekShrinkage: 2, minFactor: 0.1),
        surge: Surge(enabled: true, capMultiple: 3, capFloor: 5, pseudoCount: 20, maxFactor: 5, minWindows: 12),
        distinct: Distinct(exactLimit: 2048, hllPrecision: 10, hllSlots: 8),
        novelty: Novelty(falsePositiveRate: 0.01, initialBits: 64),
        records: Records(stepScore: 0.25, stepGrowth: 1.1),
        redaction: Redaction(parameters: [], patterns: [])
    )
}
