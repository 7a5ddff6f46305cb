/// The streaming core: walks the dataset hour by hour and writes every line exactly once.
///
/// Per hour it (1) takes events spilled from the previous hour and events of episodes that have started,
/// (2) adds ordinary activity, (3) sorts the hour by start time and writes the audit lines, and (4) expands
/// events into nginx requests, which are written in completion order: a request that finishes after the
/// hour ends waits for the next one. Memory is bounded by one hour of traffic plus the active episodes,
/// independent of `--days`.
final class SynthStream {
    private let world: World
    private let config: ResolvedSynthConfig
    private let plan: Plan
    private let combinedFiles: [LogFile]
    private let auditFile: LogFile?
    private let combined: CombinedFormatter
    private let audit: AuditFormatter
    private var pending: [LinePart] = []
    private var nextPending: [LinePart] = []
    private var keys: [UInt64] = []
    /// Incident labels and event-producing hard negatives discovered while expanding episodes.
    private(set) var labels: [WindowRow] = []
    private(set) var negatives: [WindowRow] = []

    init(world: World, config: ResolvedSynthConfig, plan: Plan, combinedFiles: [LogFile], auditFile: LogFile?) {
        self.world = world
        self.config = config
        self.plan = plan
        self.combinedFiles = combinedFiles
        self.auditFile = auditFile
        combined = CombinedFormatter(
            world: world, offsetMinutes: config.base.timeZoneOffsetMinutes,
            seed: config.base.seed)
        audit = AuditFormatter(world: world)
    }

    /// Generates and writes every hour of the dataset.
    /// - Throws: `SynthError` when a file cannot be written.
    func run() throws {
        let sink = EventSink()
        var spare: [SynthEvent] = []
        var future: [SynthEvent] = []  // episode events, sorted by descending time
        var nextEpisode = 0
        var expander = EpisodeExpander(world: world, servers: config.base.servers)
        let model = ActivityModel(world: world, config: config, surge: plan.surge, servers: config.base.servers)
        for hour in 0..<config.hours {
            let hourEnd = config.startMs + Int64(hour + 1) * CivilTime.msPerHour
            sink.batch.removeAll(keepingCapacity: true)
            sink.hourEnd = hourEnd
            swap(&spare, &sink.spill)
            for event in spare { sink.add(event) }
            spare.removeAll(keepingCapacity: true)

            var expanded = false
            while nextEpisode < plan.episodes.count && plan.episodes[nextEpisode].start < hourEnd {
                if let result = expander.expand(plan.episodes[nextEpisode], emit: { future.append($0) }) {
                    if result.isIncident { labels.append(result.row) } else { negatives.append(result.row) }
                }
                nextEpisode += 1
                expanded = true
            }
            if expanded { future.sort { $0.time > $1.time } }
            while let last = future.last, last.time < hourEnd {
                sink.batch.append(last)
                future.removeLast()
            }

            model.generate(hour: hour, into: sink)
            sink.batch.sort { $0.time != $1.time ? $0.time < $1.time : $0.seed < $1.seed }
            try writeAudit(sink.batch)
            try writeCombined(sink.batch, before: hourEnd)
        }
        try writeCombined([], before: .max)
    }

    private func writeAudit(_ batch: [SynthEvent]) throws {
        guard let file = auditFile else { return }
        for event in batch where AuditFormatter.records(event) {
            file.beginLine()
            audit.format(event, into: file.buffer)
            try file.endLine(protected: event.has(EventFlag.malicious))
        }
    }

    /// Expands `batch` into requests, then writes (in completion order) every pending request that finished
    /// before `limit`; the rest stay pending.
    private func writeCombined(_ batch: [SynthEvent], before limit: Int64) throws {
        guard !combinedFiles.isEmpty else { return }
        for event in batch { RequestPlanner.expand(event, world: world, into: &pending) }
        guard !pending.isEmpty else { return }
        // Sort by (completion, position) packed into one integer: 39 bits of ms since the start, 24 of index.
        let packable = pending.count < 1 << 24
        var order: [Int] = []
        if packable {
            keys.removeAll(keepingCapacity: true)
            for (i, line) in pending.enumerated() {
                keys.append(UInt64(max(0, line.done - config.startMs)) << 24 | UInt64(i))
            }
            keys.sort()
        } else {
            order = Array(pending.indices).sorted { (pending[$0].done, $0) < (pending[$1].done, $1) }
        }
        nextPending.removeAll(keepingCapacity: true)
        let count = pending.count
        try pending.withUnsafeBufferPointer { lines in
            for k in 0..<count {
                let line = lines[packable ? Int(keys[k] & 0xFF_FFFF) : order[k]]
                if line.done >= limit {
                    nextPending.append(line)
                    continue
                }
                let file = combinedFiles[Int(line.event.server)]
                file.beginLine()
                combined.format(line, into: file.buffer)
                try file.endLine(protected: line.event.has(EventFlag.malicious))
            }
        }
        swap(&pending, &nextPending)
    }
}
