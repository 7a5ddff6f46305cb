import ExfilWatch
import Foundation
import Logging

/// The background side of ``HTTPWebhookSink``: drains the queue and sweeps the spool.
extension HTTPWebhookSink {
    /// Runs until the wake-up stream is finished by `close()`, then drains once more.
    func run(_ wakeups: AsyncStream<Void>) async {
        for await _ in wakeups {
            await drain()
        }
        await drain()
    }

    /// Posts every queued alert, then sweeps the spool if a sweep is due.
    private func drain() async {
        while !Task.isCancelled, let job = state.withLock({ $0.pop() }) {
            await process(job)
        }
        let sweep = state.withLock { s -> Bool in
            defer { s.sweepRequested = false }
            return s.sweepRequested
        }
        if sweep, !Task.isCancelled { await sweepSpool() }
    }

    private var isPaused: Bool {
        state.withLock { s in s.pausedUntil.map { ContinuousClock.now < $0 } ?? false }
    }

    private func process(_ job: Job) async {
        defer { state.withLock { _ = $0.pending.remove(job.alert.id) } }
        // While the webhook is failing, a spooled alert just waits there for the next sweep.
        if job.spooled && isPaused { return }
        let result = await poster.post(job.alert, payload: configuration.payload)
        record(result, for: job.alert.id)
        if !result.isDelivered && !job.spooled {
            keepUnspooled(job.alert, reason: result.description)
        }
    }

    /// Re-posts the spool's alerts, oldest first, until one fails.
    private func sweepSpool() async {
        let entries: [SpoolDirectory.Entry]
        do {
            entries = try spool.entries()
        } catch {
            logger.error("cannot list the spool: \(error)")
            return
        }
        for entry in entries {
            if Task.isCancelled { return }
            let claimed = state.withLock { s -> Bool in
                guard !s.pending.contains(entry.id), !s.rejected.contains(entry.id) else { return false }
                s.pending.insert(entry.id)
                return true
            }
            guard claimed else { continue }
            defer { state.withLock { _ = $0.pending.remove(entry.id) } }
            let alert: Alert
            do {
                guard let bytes = try spool.read(alertID: entry.id) else { continue }  // delivered meanwhile
                alert = try JSONDecoder().decode(Alert.self, from: Data(bytes))
            } catch {
                logger.error("spool file \(spool.pathOf(entry.fileName)) is unreadable, leaving it: \(error)")
                state.withLock { _ = $0.rejected.insert(entry.id) }
                continue
            }
            let result = await poster.post(alert, payload: configuration.payload)
            record(result, for: alert.id)
            if result.outcome == .failed { return }  // the webhook is down: try again at the next sweep
        }
    }

    /// Updates the state after a post and removes a delivered alert's spool file.
    private func record(_ result: WebhookPostResult, for id: String) {
        switch result.outcome {
        case .delivered:
            let resumed = state.withLock { s -> Bool in
                s.statistics.delivered += 1
                defer { s.pausedUntil = nil }
                return s.pausedUntil != nil
            }
            if resumed {
                logger.notice("webhook \(poster.displayURL) is accepting alerts again")
                state.withLock { $0.sweepRequested = true }  // send what waited in the spool
                wakeup.yield()
            }
            do {
                try spool.remove(alertID: id)
            } catch {
                // It would be sent again later (same Idempotency-Key): a repeat, not a loss.
                logger.error("alert \(id) was delivered but its spool file could not be removed: \(error)")
            }
        case .rejected:
            logger.error("webhook rejected alert \(id); it stays in the spool: \(result)")
            state.withLock { s in
                s.statistics.failedPosts += 1
                s.rejected.insert(id)
                s.lastFailure = result.detail
            }
        case .failed:
            guard !Task.isCancelled else { return }
            logger.error("webhook delivery of alert \(id) failed; it stays in the spool: \(result)")
            let pause = configuration.failurePause
            state.withLock { s in
                s.statistics.failedPosts += 1
                s.pausedUntil = .now + pause
                s.lastFailure = result.detail
            }
        }
    }
}
