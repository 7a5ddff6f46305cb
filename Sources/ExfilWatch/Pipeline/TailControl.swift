import Dispatch
import Synchronization

/// The thread-safe handle of a running ``TailRunner``: ask it to stop (signal handlers, tests) and
/// read its latest ``TailStatus``.
public final class TailControl: Sendable {
    private let stopRequested = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let latest = Mutex(TailStatus())

    public init() {}

    /// Asks the runner to write a checkpoint and return from ``TailRunner/run()``; wakes it if it is
    /// sleeping between polls. Safe from any thread and from a signal source.
    public func stop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        wake.signal()
    }

    public var isStopRequested: Bool { stopRequested.load(ordering: .sequentiallyConsistent) }

    /// The status as of the runner's last poll.
    public var status: TailStatus { latest.withLock { $0 } }

    func publish(_ status: TailStatus) { latest.withLock { $0 = status } }

    /// Sleeps `seconds`, or less when ``stop()`` is called.
    func sleep(seconds: Double) {
        guard !isStopRequested else { return }
        _ = wake.wait(timeout: .now() + .nanoseconds(Int(seconds * 1e9)))
    }
}
