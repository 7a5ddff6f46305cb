import HeapModule

/// Reads many inputs as one stream merged in event-time order and feeds a ``DetectionEngine``.
///
/// Files are first peeked (their first event's time), then opened in that order only when the
/// merge reaches their first event and closed at their end, so a backfill of a thousand daily files
/// from ten servers holds about ten files open, not a thousand. Within the open files a min-heap on
/// event time picks the next record; consecutive records of one file are taken without heap work
/// while they stay the oldest.
public final class BatchScanner<Consumer: EventConsumer> {
    /// Progress as the scan goes: stored bytes consumed of the total (when known), and the decoded
    /// bytes (log text) they have given so far, to the nearest block (1 MiB) of each open file.
    public struct Progress: Sendable {
        public var storedBytesRead: Int64
        public var storedBytesTotal: Int64
        /// False when an input's size is unknown (stdin, a pipe): the total is then a lower bound.
        public var totalKnown: Bool
        public var decodedBytes: Int64
        public var alerts: Int
    }

    public let options: ScanOptions
    public let engine: Consumer
    /// Receives one-line diagnostics for stderr (malformed lines, unreadable files).
    public var diagnostic: (String) -> Void = { _ in }
    /// Called about every 64k events and at the end.
    public var progress: ((Progress) -> Void)?
    /// Set (e.g. from an alert callback when stdout was closed) to stop reading at the next event.
    @exclusivity(unchecked) public var cancelled = false
    /// Called after the last event and before the engine closes its windows (`scan --save-state`
    /// saves there, so the saved state is the live one, not one moved past the end of time). Not
    /// called when the scan was ``cancelled``: a state missing the rest of the inputs would pass for
    /// a whole one.
    public var beforeFinish: (() -> Void)?
    /// False once an input of unknown size (stdin, a pipe) is open.
    private var sizesKnown = true

    public init(options: ScanOptions, engine: Consumer) {
        self.options = options
        self.engine = engine
    }

    /// Scans `paths` (files, directories, `-`) to the end, then closes every window.
    public func run(paths: [String]) -> ScanSummary {
        let clock = ContinuousClock.now
        var summary = ScanSummary()
        sizesKnown = true
        let expansion = InputExpander.expand(paths)
        let found = expansion.found
        for e in expansion.errors {
            summary.files += 1
            summary.errors.append(e.description)
            diagnostic("error: \(e)")
        }
        for path in expansion.emptyDirectories {
            diagnostic("note: \(path): no log file in this directory (*.gz, *.log, *.jsonl, *.json, rotated names)")
        }
        for (path, first) in expansion.duplicates {
            let which = path == first ? "named twice" : "the same file as \(first)"
            diagnostic("note: \(path): \(which), read once")
        }
        // Peek each file's first event time. Stdin, pipes and devices cannot be re-opened (their bytes
        // would be gone), so they stay open; so does a file whose size is unknown for any reason.
        var pending: [(time: Int64, path: String)] = []
        var preopened: [EventSource] = []
        var total: Int64 = 0
        for path in expansion.files {
            guard let source = open(path, &summary) else { continue }
            total += source.stats.storedBytes ?? 0
            if source.stats.storedBytes == nil { sizesKnown = false }
            // A file reopened later reports its malformed leading lines then, so only stdin and files
            // that end here report them now.
            var held: [(number: Int64, bytes: [UInt8])] = []
            let hasEvent = source.advance { number, line in
                if source.stats.malformed <= Int64(self.options.malformedReportLimit) {
                    held.append((number, Array(line)))
                }
            }
            if hasEvent && source.stats.storedBytes != nil {
                pending.append((source.event.time, path))
                continue
            }
            if !hasEvent && source.format == nil && source.stats.error == nil && found.contains(path) {
                // Found in a directory and not a log (a dataset's manifest.json): skipped, not an error.
                summary.skippedFiles.append(path)
                diagnostic("note: \(path): skipped, not in a log format exfilwatch reads")
                continue
            }
            for line in held { line.bytes.withUnsafeBytes { report(source, line.number, $0) } }
            if hasEvent { preopened.append(source) } else { finish(source, &summary) }
        }
        pending.sort { $0.time < $1.time }
        engine.stagesEvents = true
        merge(preopened: preopened, pending: pending, total: total, into: &summary)
        engine.stagesEvents = false
        if cancelled {
            // A state or summary of a scan cut short must not pass for a whole one.
            summary.stoppedEarly = true
        } else {
            beforeFinish?()
            engine.finish()
        }
        summary.lateEvents = engine.lateEvents
        summary.alerts = engine.alertCount
        summary.actors = engine.actorCount
        summary.droppedActors = engine.droppedActorCount
        summary.droppedRecentActors = engine.droppedRecentActorCount
        summary.idleActors = engine.idleActorCount
        let elapsed = ContinuousClock.now - clock
        summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        progress?(
            Progress(
                storedBytesRead: total, storedBytesTotal: total, totalKnown: sizesKnown,
                decodedBytes: summary.decodedBytes,
                alerts: summary.alerts))
        return summary
    }

    private func open(_ path: String, _ summary: inout ScanSummary) -> EventSource? {
        do {
            return try EventSource(
                path: path, format: options.format, maxLineLength: options.maxLineLength, prefetch: options.prefetch,
                skipsUnclassified: engine.ignoresUnclassified)
        } catch {
            summary.errors.append(error.description)
            summary.files += 1
            diagnostic("error: \(error)")
            return nil
        }
    }

    private func finish(_ source: EventSource, _ summary: inout ScanSummary) {
        summary.add(source.stats)
        if let e = source.stats.error { diagnostic("error: \(e)") }
        if source.format == nil && source.stats.lines > 0 {
            diagnostic("error: \(source.path): log format not recognised; use --format combined|github-audit")
        } else if let format = source.format, source.stats.events == 0, source.stats.malformed > 0 {
            // Only a forced --format gets here: detection never picks a format no line parses in.
            diagnostic("error: \(source.path): no line is in the \(format.rawValue) format (--format)")
        }
    }

    /// The k-way merge. `pending` is sorted by first event time; a file is opened when the merge
    /// reaches that time.
    private func merge(
        preopened: [EventSource], pending: [(time: Int64, path: String)], total: Int64,
        into summary: inout ScanSummary
    ) {
        var active: [EventSource?] = []
        var heap = Heap<HeapEntry>()
        var next = 0
        var doneStored: Int64 = 0
        var untilProgress = Self.progressInterval

        func add(_ source: EventSource) {
            heap.insert(HeapEntry(time: source.event.time, index: active.count))
            active.append(source)
        }
        for source in preopened { add(source) }
        while true {
            while next < pending.count && (heap.isEmpty || pending[next].time <= heap.min!.time) {
                let path = pending[next].path
                next += 1
                guard let source = open(path, &summary) else { continue }
                if source.advance(malformed: { self.malformed(source, $0, $1) }) {
                    add(source)
                } else {
                    doneStored += source.stats.storedBytesRead
                    finish(source, &summary)
                }
            }
            guard !cancelled else {
                for case let source? in active {
                    source.finishStats()
                    summary.add(source.stats)
                }
                break
            }
            guard let top = heap.popMin(), let source = active[top.index] else { break }
            // Run on while this file stays first in (time, index) order, so that equal times go to the
            // lower index whatever came before them: the order of the events handed out does not depend
            // on the events a source leaves out (``EventSource/skipsUnclassified``).
            var bound = Int64.max
            if let rival = heap.min { bound = top.index < rival.index ? rival.time : rival.time - 1 }
            if next < pending.count { bound = min(bound, pending[next].time) }
            var open = true
            repeat {
                engine.process(source.event, line: source.line)
                untilProgress -= 1
                if untilProgress == 0, let progress {
                    untilProgress = Self.progressInterval
                    let reading = active.reduce(doneStored) { $0 + ($1?.storedOffset ?? 0) }
                    let decoded = active.reduce(summary.decodedBytes) { $0 + ($1?.decodedOffset ?? 0) }
                    progress(
                        Progress(
                            storedBytesRead: reading, storedBytesTotal: total, totalKnown: sizesKnown,
                            decodedBytes: decoded,
                            alerts: engine.alertCount))
                }
                if !source.advance(malformed: { self.malformed(source, $0, $1) }) {
                    open = false
                    break
                }
            } while source.event.time <= bound && !cancelled
            if open {
                heap.insert(HeapEntry(time: source.event.time, index: top.index))
            } else {
                doneStored += source.stats.storedBytesRead
                finish(source, &summary)
                active[top.index] = nil
            }
        }
    }

    static var progressInterval: Int { 1 << 16 }

    private func malformed(_ source: EventSource, _ number: Int64, _ line: UnsafeRawBufferPointer) {
        guard source.stats.malformed <= Int64(options.malformedReportLimit) else { return }
        report(source, number, line)
    }

    private func report(_ source: EventSource, _ number: Int64, _ line: UnsafeRawBufferPointer) {
        let format = source.format?.rawValue ?? "unrecognised"
        diagnostic("\(source.path):\(number): malformed \(format) line: \(Diagnostics.excerpt(line))")
    }
}
