import HeapModule
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The live job behind `exfilwatch tail`: follows files like `tail -F`, feeds every line to a
/// ``DetectionEngine`` at once (detectors fire early, so an alert goes out within a poll interval of
/// its line), lets the wall clock move event time on while the input is quiet, and checkpoints file
/// positions together with the engine state so that a restart neither loses nor repeats an alert.
///
/// Each poll: ``FileWatchSet/refresh()`` (new files, rotation, truncation), then the complete lines
/// now available in all files, merged in event-time order (a backlog after a restart is read in the
/// same order as `scan` would; live lines are read as they come, the allowed lateness absorbing
/// skew between files), then the quiet-input clock, checkpoint and metrics when due, then a sleep
/// of ``TailConfiguration/pollInterval``.
///
/// Time stays event time: while no new newest event arrives, the detector is advanced to the newest
/// event time plus the wall-clock seconds since it arrived (the detector itself subtracts the
/// allowed lateness before closing windows), so a window closes when its file goes quiet and a
/// replay of old logs behaves like `scan`. Unlike `scan`, `tail` never closes every window at the end.
///
/// Runs on the thread that calls ``run()``; ``control`` is the thread-safe way to stop it.
///
/// ```swift
/// let runner = try TailRunner(configuration: config, detector: StaticRuleDetector(rule: .elasticUserClones)) {
///     alert in print(alert.jsonLine())
/// }
/// try runner.run()  // until runner.control.stop()
/// ```
public final class TailRunner<D: StatefulDetector> {
    public let configuration: TailConfiguration
    public let control: TailControl
    public let engine: DetectionEngine<D>
    public let logger: Logger

    /// Events between checks of the stop flag and the checkpoint/metrics clocks during a backlog.
    static var dutyInterval: Int { 4096 }

    private let deliver: (Alert) throws -> Void
    /// Held for the runner's life, so that a second `tail` on the same state directory refuses to start.
    private let lock: DirectoryLock?
    private let watch: FileWatchSet
    private let metrics: MetricsWriter?
    private var delivered: DeliveredAlerts
    private var sources: [ObjectIdentifier: TailSource] = [:]
    private var status = TailStatus()
    /// Counts of files already closed, kept for the totals.
    private var closedCounts: (lines: Int64, events: Int64, malformed: Int64, overlong: Int64) = (0, 0, 0, 0)
    private let lateEventsAtStart: Int64
    /// Event time the detector was last advanced to by the clock, seconds UTC.
    private var watermark: Int64
    private var newestSeen: Int64
    /// When the engine's newest event time last moved.
    private var lastArrival = ContinuousClock.now
    private var deliveryError: TailError?
    private var alertsSinceCheckpoint = 0
    private var lastCheckpoint = ContinuousClock.now
    private var lastMetrics: ContinuousClock.Instant?
    private var readingBacklog = false
    /// Whether the warning that `--max-actors` drops actors active within a day was logged.
    private var warnedSmallCap = false
    private var eventsUntilDuties = TailRunner.dutyInterval

    /// Sets up the engine and the files, resuming from the checkpoint in
    /// ``TailConfiguration/stateDirectory`` if there is one (else from
    /// ``TailConfiguration/loadStateDirectory``, else cold).
    /// - Parameters:
    ///   - detector: configured detector; its state is replaced by the checkpoint's.
    ///   - deliver: called on the runner's thread for each alert whose id was not delivered before;
    ///     throwing stops the run (``run()`` throws `.deliveryFailed`) without a checkpoint, so the
    ///     alert is fired again after a restart.
    /// - Throws: ``TailError`` `.unusableState` when a checkpoint or state file cannot be used;
    ///   `.unusableDirectory` when the state directory cannot be created or written, is a symbolic
    ///   link (checked here, so that `tail` does not run on without ever saving a checkpoint), or is
    ///   locked by another runner (``DirectoryLock``).
    public init(
        configuration: TailConfiguration, detector: D, control: TailControl = TailControl(),
        logger: Logger = Logger(label: "exfilwatch.tail"), deliver: @escaping (Alert) throws -> Void
    ) throws(TailError) {
        let options = configuration.options
        let engine = DetectionEngine(
            detector: detector, actorKey: options.actorKey, allowedLateness: options.allowedLateness,
            maxActors: options.maxActors, onAlert: { _ in })
        if let directory = configuration.stateDirectory {
            do {
                try AtomicFile.prepareDirectory(directory)
                lock = try DirectoryLock(directory: directory)
            } catch {
                throw TailError(
                    kind: .unusableDirectory, path: error.path, reason: "\(error.operation) failed: \(error.reason)")
            }
        } else {
            lock = nil
        }
        var checkpoint: TailCheckpoint?
        if let directory = configuration.stateDirectory, !configuration.freshState {
            checkpoint = try TailCheckpoint.load(directory: directory)
        }
        if let checkpoint, let directory = configuration.stateDirectory {
            do { try engine.restoreState(checkpoint.engineState) } catch {
                throw TailError(
                    kind: .unusableState, path: TailCheckpoint.path(in: directory), reason: "engine state \(error)")
            }
            logger.info(
                "resuming from checkpoint",
                metadata: ["files": "\(checkpoint.files.count)", "saved_at": "\(checkpoint.savedAt)"])
            if configuration.loadStateDirectory != nil {
                logger.notice("--load-state ignored: resuming from the checkpoint in --state")
            }
        } else if let directory = configuration.loadStateDirectory {
            try EngineStateFile.load(into: engine, directory: directory)
            logger.info("warm start from saved engine state", metadata: ["actors": "\(engine.actors.count)"])
        }
        self.configuration = configuration
        self.control = control
        self.engine = engine
        self.logger = logger
        self.deliver = deliver
        watch = FileWatchSet(
            patterns: configuration.paths, maxLineLength: options.maxLineLength,
            rotatedGrace: configuration.rotatedGrace, startAtEnd: configuration.startAtEnd,
            restoring: checkpoint?.files, logger: logger)
        metrics = configuration.metricsPath.map { MetricsWriter(path: $0) }
        delivered = DeliveredAlerts(
            ids: checkpoint?.deliveredAlertIDs ?? [], capacity: configuration.deliveredIDCapacity)
        watermark = checkpoint?.watermark ?? .min
        newestSeen = engine.maxEventTime
        lateEventsAtStart = engine.lateEvents
        engine.onAlert = { [unowned self] in self.handle($0) }
    }

    /// Follows the files until ``TailControl/stop()``, then writes a final checkpoint and returns.
    /// - Throws: ``TailError`` when an alert cannot be delivered or the final checkpoint cannot be
    ///   written.
    public func run() throws(TailError) {
        logger.info("following", metadata: ["paths": "\(configuration.paths)"])
        var knownNewest = engine.maxEventTime
        var started = false
        while !control.isStopRequested {
            apply(watch.refresh())
            started = true
            let finished = readAvailable()
            if let deliveryError { throw deliveryError }
            if !finished { break }
            let now = ContinuousClock.now
            if engine.maxEventTime != knownNewest {
                knownNewest = engine.maxEventTime
                lastArrival = now
            } else {
                advanceClock(now)
                if let deliveryError { throw deliveryError }
            }
            status.polls += 1
            duties(now: now)
            control.sleep(seconds: configuration.pollInterval)
        }
        // Stopped before the files were even looked at: the checkpoint on disk is still exact.
        if started && configuration.stateDirectory != nil { try checkpoint() }
        refreshStatus()
        if let metrics { try? metrics.write(status) }
        control.publish(status)
        logger.info("stopped", metadata: ["alerts": "\(status.alerts)", "lines": "\(status.lines)"])
    }

    // MARK: - Reading

    private func apply(_ changes: [FileWatchSet.Change]) {
        for change in changes {
            switch change {
            case .opened(let follower, let restored):
                let format = configuration.options.format ?? restored?.format.flatMap { LogFormat(rawValue: $0) }
                sources[ObjectIdentifier(follower)] = TailSource(follower: follower, format: format)
                logger.info(
                    "opened", metadata: ["path": "\(follower.path)", "offset": "\(follower.consumedOffset)"])
            case .restarted:
                break  // the follower starts again at 0; its source has nothing pending between polls
            case .retired(let follower):
                guard let source = sources.removeValue(forKey: ObjectIdentifier(follower)) else { continue }
                if source.advanceToFinalLine(malformed: { self.malformed(source, $0, $1) }) { count(source) }
                closedCounts.lines += source.lines
                closedCounts.events += source.events
                closedCounts.malformed += source.malformed
                closedCounts.overlong += follower.overlongLines
            }
        }
    }

    /// Counts every complete line available now, merging files in event-time order.
    /// - Returns: false when stopped (or delivery failed) before the end.
    private func readAvailable() -> Bool {
        let ordered = watch.followers.compactMap { sources[ObjectIdentifier($0)] }
        var heap = Heap<Entry>()
        for (i, source) in ordered.enumerated() where advance(source) {
            heap.insert(Entry(time: source.event.time, index: i))
        }
        readingBacklog = !heap.isEmpty
        defer { readingBacklog = false }
        while let top = heap.popMin() {
            let source = ordered[top.index]
            let bound = heap.min?.time ?? .max
            var more = true
            repeat {
                count(source)
                eventsUntilDuties -= 1
                if eventsUntilDuties == 0 {
                    eventsUntilDuties = Self.dutyInterval
                    if deliveryError != nil || control.isStopRequested { return false }
                    duties(now: .now)
                }
                more = advance(source)
            } while more && source.event.time <= bound
            if more { heap.insert(Entry(time: source.event.time, index: top.index)) }
        }
        return deliveryError == nil
    }

    private func advance(_ source: TailSource) -> Bool {
        do {
            let more = try source.advance(malformed: { self.malformed(source, $0, $1) })
            source.reportedError = nil
            return more
        } catch {
            if source.reportedError != error { logger.error("\(error)") }
            source.reportedError = error
            return false
        }
    }

    private func count(_ source: TailSource) {
        if source.event.time > newestSeen { newestSeen = source.event.time }
        engine.process(source.event, line: source.line)
        source.consume()
    }

    private func malformed(_ source: TailSource, _ number: Int64, _ line: UnsafeRawBufferPointer) {
        guard source.malformed <= Int64(configuration.options.malformedReportLimit) else { return }
        let format = source.format?.rawValue ?? "unrecognised"
        logger.warning("\(source.follower.path):\(number): malformed \(format) line: \(Diagnostics.excerpt(line))")
    }

    /// Moves the detector to the newest event time plus the wall seconds since it arrived.
    private func advanceClock(_ now: ContinuousClock.Instant) {
        guard engine.maxEventTime != .min else { return }
        let quiet = now - lastArrival
        let target = engine.maxEventTime &+ quiet.components.seconds
        guard target > watermark else { return }
        watermark = target
        engine.advance(to: target)
    }

    // MARK: - Alerts, checkpoints, metrics

    /// The one place an alert leaves the runner: skipped when its id was delivered before.
    private func handle(_ alert: Alert) {
        guard deliveryError == nil else { return }
        if delivered.contains(alert.id) {
            status.duplicateAlerts += 1
            logger.debug("alert already delivered; skipped", metadata: ["id": "\(alert.id)"])
            return
        }
        do { try deliver(alert) } catch {
            deliveryError = TailError(kind: .deliveryFailed, path: "alert output", reason: "\(error)")
            return
        }
        delivered.record(alert.id)
        status.alerts += 1
        alertsSinceCheckpoint += 1
        logger.info("alert", metadata: ["id": "\(alert.id)", "detector": "\(alert.detector)"])
    }

    /// Checkpoint (after any alert, else every interval) and metrics when due; publishes the status.
    private func duties(now: ContinuousClock.Instant) {
        refreshStatus()
        if configuration.stateDirectory != nil
            && (alertsSinceCheckpoint > 0
                || FileWatchSet.seconds(now - lastCheckpoint) >= configuration.checkpointInterval)
        {
            do { try checkpoint() } catch {
                logger.error("\(error)")
                lastCheckpoint = now  // retried at the next interval, not at every poll
                alertsSinceCheckpoint = 0
            }
        }
        if let metrics, lastMetrics.map({ FileWatchSet.seconds(now - $0) >= configuration.metricsInterval }) ?? true {
            lastMetrics = now
            do { try metrics.write(status) } catch { logger.error("\(error)") }
        }
        control.publish(status)
    }

    /// Writes the checkpoint now: positions of every followed file, engine state, watermark and
    /// delivered ids, in one atomic file.
    public func checkpoint() throws(TailError) {
        guard let directory = configuration.stateDirectory else { return }
        let files = watch.followers.compactMap { sources[ObjectIdentifier($0)]?.position }
        let checkpoint = TailCheckpoint(
            files: files, deliveredAlertIDs: delivered.ids, watermark: watermark, engineState: engine.encodeState(),
            savedAt: Int64(time(nil)))
        try checkpoint.save(directory: directory)
        status.checkpoints += 1
        alertsSinceCheckpoint = 0
        lastCheckpoint = .now
        logger.trace("checkpoint written", metadata: ["files": "\(files.count)"])
    }

    private func refreshStatus() {
        let live = Array(sources.values)
        status.lines = closedCounts.lines + live.reduce(0) { $0 + $1.lines }
        status.events = closedCounts.events + live.reduce(0) { $0 + $1.events }
        status.malformedLines = closedCounts.malformed + live.reduce(0) { $0 + $1.malformed }
        status.overlongLines = closedCounts.overlong + live.reduce(0) { $0 + $1.follower.overlongLines }
        for source in live where source.follower.overlongLines > source.reportedOverlong {
            source.reportedOverlong = source.follower.overlongLines
            logger.warning(
                "line longer than --max-line-length skipped",
                metadata: [
                    "path": "\(source.follower.path)", "skipped": "\(source.reportedOverlong)",
                    "max_line_length": "\(source.follower.maxLineLength)",
                ])
        }
        status.lateEvents = engine.lateEvents - lateEventsAtStart
        status.actors = engine.actors.count
        status.droppedActors = engine.droppedActors
        if engine.droppedRecentActors > 0 && !warnedSmallCap {
            warnedSmallCap = true
            logger.warning(
                "--max-actors drops actors active within the day before; they lose their baselines and are judged as new when they return: raise it above the number of actors active in a day",
                metadata: ["max_actors": "\(engine.maxActors ?? 0)", "dropped_recent": "\(engine.droppedRecentActors)"])
        }
        status.newestEventTime = newestSeen == .min ? nil : newestSeen
        status.secondsBehind = readingBacklog && newestSeen != .min ? max(0, Double(Int64(time(nil)) - newestSeen)) : 0
        status.files = watch.followers.compactMap { f in
            sources[ObjectIdentifier(f)].map {
                TailStatus.File(path: f.path, offset: $0.resumePoint.offset, size: f.size)
            }
        }
    }

    struct Entry: Comparable {
        var time: Int64
        var index: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.time, a.index) < (b.time, b.index) }
    }
}
