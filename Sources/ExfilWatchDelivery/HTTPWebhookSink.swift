import Dispatch
import ExfilWatch
import Logging
import Synchronization

/// `--webhook-url URL`: posts each alert to an HTTP webhook, with the spool as its safety net.
///
/// A synchronous facade over ``WebhookPoster`` for the pipeline's plain thread:
/// 1. ``deliver(_:)`` first writes the alert's raw JSON to the spool (`<id>.json`, atomic, 0600), so a
///    crash or kill cannot lose it, then queues it for the background poster and returns at once.
/// 2. The poster posts queued alerts in order, with retries (``WebhookRetryPolicy``). A 2xx removes
///    the alert's spool file; any other end leaves it there.
/// 3. While running (a `tail`), every ``Configuration/spoolRetryInterval`` (and once at start when
///    ``Configuration/deliverSpooledOnStart``) it re-posts what is in the spool, oldest first, and
///    stops at the first failure. After a failure it pauses for ``Configuration/failurePause`` before
///    posting again, so a webhook that is down costs one failed post, not one per alert; alerts that
///    arrive meanwhile simply wait in the spool.
/// 4. ``close()`` waits up to ``Configuration/closeTimeout`` for the queue to drain, cancels what is
///    still in flight, shuts the HTTP client down, and throws ``AlertSinkError/Code/undelivered``
///    naming the alerts left in the spool (`exfilwatch deliver` sends them later).
///
/// The bounded in-memory queue (``Configuration/queueCapacity``) never blocks the pipeline and never
/// drops an alert: an alert that does not fit stays in the spool and goes out with the next sweep. If
/// the spool itself cannot be written (disk full, permission), ``deliver(_:)`` still queues the alert
/// from memory and throws so the failure is reported at once; such an alert is lost only if it can
/// neither be posted nor spooled by ``close()``, which then says so.
///
/// Call ``deliver(_:)`` and ``close()`` from a plain thread, not from async code (they may block), and
/// always call ``close()``: the background poster runs until then.
public final class HTTPWebhookSink: AlertSink, Sendable {
    /// Queueing, sweeping and shutdown behaviour.
    public struct Configuration: Sendable {
        /// What is posted for each alert (`--payload raw|slack`); the spool always holds raw JSON.
        public var payload: WebhookPayloadFormat
        /// Most alerts held in memory for posting; more wait in the spool.
        public var queueCapacity: Int
        /// Longest ``close()`` waits for queued posts before leaving them in the spool.
        public var closeTimeout: Duration
        /// How often a running sink re-posts what is in the spool; nil never re-reads it while running.
        public var spoolRetryInterval: Duration?
        /// Post what earlier runs left in the spool as soon as the sink starts.
        public var deliverSpooledOnStart: Bool
        /// After a post fails (network, 5xx, 429 after its retries), spooled alerts are not posted for
        /// this long; the next sweep or a later alert tries again.
        public var failurePause: Duration

        public init(
            payload: WebhookPayloadFormat = .raw, queueCapacity: Int = 1024, closeTimeout: Duration = .seconds(10),
            spoolRetryInterval: Duration? = .seconds(60), deliverSpooledOnStart: Bool = true,
            failurePause: Duration = .seconds(30)
        ) {
            self.payload = payload
            self.queueCapacity = max(1, queueCapacity)
            self.closeTimeout = closeTimeout
            self.spoolRetryInterval = spoolRetryInterval
            self.deliverSpooledOnStart = deliverSpooledOnStart
            self.failurePause = failurePause
        }
    }

    /// Counters, for a summary line on stderr.
    public struct Statistics: Sendable, Equatable {
        /// Alerts that got a 2xx.
        public var delivered = 0
        /// Posts that ended rejected (4xx) or failed.
        public var failedPosts = 0
    }

    struct Job: Sendable {
        var alert: Alert
        /// False when the write-ahead to the spool failed: memory holds the only copy.
        var spooled: Bool
    }

    struct State {
        var queue: [Job] = []
        var head = 0
        /// Ids queued or being posted, so that a sweep never posts one twice at once.
        var pending: Set<String> = []
        /// Ids rejected (4xx) or unreadable in this run: not re-posted by sweeps.
        var rejected: Set<String> = []
        var pausedUntil: ContinuousClock.Instant?
        var sweepRequested = false
        var closing = false
        var lastFailure: String?
        var errors: [AlertSinkError] = []
        var statistics = Statistics()

        mutating func pop() -> Job? {
            guard head < queue.count else { return nil }
            let job = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }

        var queuedCount: Int { queue.count - head }
    }

    /// The directory of alerts not yet delivered.
    public let spool: SpoolDirectory
    /// The poster (owned: shut down by ``close()``).
    public let poster: WebhookPoster
    /// The configuration in use.
    public let configuration: Configuration
    let logger: Logger
    let state = Mutex(State())
    let wakeup: AsyncStream<Void>.Continuation
    private let finished = DispatchSemaphore(value: 0)
    private let tasks: Mutex<(worker: Task<Void, Never>?, timer: Task<Void, Never>?)> = Mutex((nil, nil))

    /// Starts the background poster.
    /// - Parameters:
    ///   - poster: posts the alerts; this sink shuts it down at ``close()``.
    ///   - spool: where alerts wait until delivered (`--spool DIR`).
    public init(
        poster: WebhookPoster, spool: SpoolDirectory, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "exfilwatch.webhook")
    ) {
        self.poster = poster
        self.spool = spool
        self.configuration = configuration
        self.logger = logger
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeup = continuation
        _ = try? spool.removeStaleTemporaryFiles()
        state.withLock { $0.sweepRequested = configuration.deliverSpooledOnStart }
        let worker = Task.detached { [self] in
            await self.run(stream)
            self.finished.signal()
        }
        var timer: Task<Void, Never>?
        if let interval = configuration.spoolRetryInterval {
            timer = Task.detached { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    guard let self, !Task.isCancelled else { return }
                    self.state.withLock { $0.sweepRequested = true }
                    self.wakeup.yield()
                }
            }
        }
        tasks.withLock { $0 = (worker, timer) }
        continuation.yield()
    }

    /// Counters so far.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Spools the alert and queues it for posting; returns without waiting for the post.
    /// - Throws: ``AlertSinkError/Code/invalidAlertID`` (the alert is not posted either), or the spool
    ///   write failure (the alert is still posted from memory), or when called after ``close()``.
    public func deliver(_ alert: Alert) throws {
        var spoolError: AlertSinkError?
        do {
            try spool.write(Array((alert.jsonLine() + "\n").utf8), forAlertID: alert.id)
        } catch let error as AlertSinkError where error.code == .invalidAlertID {
            throw error
        } catch {
            var e = error as? AlertSinkError ?? AlertSinkError(code: .io, message: "\(error)", path: spool.path)
            e.message = "could not spool alert (still posting it from memory): " + e.message
            e.alertIDs = [alert.id]
            spoolError = e
        }
        let spooled = spoolError == nil
        let capacity = configuration.queueCapacity
        let accepted: Bool = state.withLock { s in
            guard !s.closing else { return false }
            guard !s.pending.contains(alert.id) else { return true }
            if s.queuedCount < capacity || !spooled {
                s.queue.append(Job(alert: alert, spooled: spooled))
                s.pending.insert(alert.id)
            } else {
                s.sweepRequested = true  // it waits in the spool
            }
            return true
        }
        guard accepted else {
            throw AlertSinkError(
                code: .undelivered, message: "alert delivered after the webhook sink was closed", alertIDs: [alert.id])
        }
        wakeup.yield()
        if let spoolError { throw spoolError }
    }

    /// Waits up to ``Configuration/closeTimeout`` for pending posts, then stops; throws when any alert
    /// is left in the spool or could not be kept at all.
    public func close() throws {
        let alreadyClosing = state.withLock { s in
            defer { s.closing = true }
            return s.closing
        }
        guard !alreadyClosing else { return }
        let (worker, timer) = tasks.withLock { $0 }
        timer?.cancel()
        wakeup.yield()
        wakeup.finish()
        if finished.wait(timeout: .now() + Self.dispatchInterval(configuration.closeTimeout)) == .timedOut {
            worker?.cancel()
            // Cancellation ends an in-flight request or backoff sleep promptly.
            _ = finished.wait(timeout: .now() + .seconds(5))
        }
        try? poster.syncShutdown()
        try finishClosing()
    }

    /// After the worker stopped: spool whatever only memory holds, then report what is left.
    private func finishClosing() throws {
        let leftovers: [Job] = state.withLock { s in
            var jobs: [Job] = []
            while let job = s.pop() { jobs.append(job) }
            return jobs
        }
        for job in leftovers where !job.spooled {
            keepUnspooled(job.alert, reason: "not posted before shutdown")
        }
        var errors = state.withLock { $0.errors }
        do {
            let remaining = try spool.entries().map(\.id)
            if !remaining.isEmpty {
                let why =
                    state.withLock { $0.lastFailure } ?? "not posted before the \(configuration.closeTimeout) timeout"
                errors.append(
                    AlertSinkError(
                        code: .undelivered,
                        message: "\(remaining.count) alert(s) not delivered to \(poster.displayURL) remain in the "
                            + "spool (\(why)); run `exfilwatch deliver --spool \(spool.path) --webhook-url URL`",
                        path: spool.path, alertIDs: remaining))
            }
        } catch let error as AlertSinkError {
            errors.append(error)
        }
        if let error = AlertSinkError.combining(errors) { throw error }
    }

    /// Writes an alert that memory alone held to the spool; records a loud error if even that fails.
    func keepUnspooled(_ alert: Alert, reason: String) {
        do {
            try spool.write(Array((alert.jsonLine() + "\n").utf8), forAlertID: alert.id)
        } catch {
            let cause = (error as? AlertSinkError)?.description ?? "\(error)"
            let lost = AlertSinkError(
                code: .undelivered, message: "alert LOST: \(reason), and it could not be spooled: \(cause)",
                path: spool.path, alertIDs: [alert.id])
            logger.error("\(lost.description)")
            state.withLock { $0.errors.append(lost) }
        }
    }

    private static func dispatchInterval(_ d: Duration) -> DispatchTimeInterval {
        .nanoseconds(Int(d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000))
    }
}
