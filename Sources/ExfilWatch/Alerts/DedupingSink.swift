/// Skips alerts whose id is already in a ``DeliveryLedger``; records each id it passes on.
///
/// With an in-memory ledger this removes repeats within one run (`scan`); with a persisted one a
/// restarted `tail` does not deliver again what it delivered before. The ledger is saved after
/// `saveEvery` new ids or `saveInterval`, whichever comes first, and at ``close()``: a crash in between
/// can only cause a repeat (at-least-once), never a loss. An id is recorded only once the next sink
/// accepted the alert.
public final class DedupingSink: AlertSink {
    /// The ledger consulted and updated.
    public let ledger: DeliveryLedger
    private let next: any AlertSink
    private let saveEvery: Int
    private let saveInterval: Duration
    private var unsaved = 0
    private var lastSave = ContinuousClock.now
    private var saveError: AlertSinkError?
    /// How many alerts were skipped as already delivered.
    public private(set) var skipped = 0

    public init(next: any AlertSink, ledger: DeliveryLedger, saveEvery: Int = 64, saveInterval: Duration = .seconds(5))
    {
        self.next = next
        self.ledger = ledger
        self.saveEvery = max(1, saveEvery)
        self.saveInterval = saveInterval
    }

    public func deliver(_ alert: Alert) throws {
        if ledger.contains(alert.id) {
            skipped += 1
            return
        }
        do {
            try next.deliver(alert)
        } catch AlertSinkError.outputClosed {
            // The other sinks behind a fan-out did get it.
            ledger.record(alert.id)
            throw AlertSinkError.outputClosed
        }
        ledger.record(alert.id)
        unsaved += 1
        if unsaved >= saveEvery || ContinuousClock.now - lastSave >= saveInterval { saveLedger() }
    }

    public func close() throws {
        var errors: [AlertSinkError] = []
        do {
            try next.close()
        } catch let error as AlertSinkError {
            errors.append(error)
        } catch {
            errors.append(AlertSinkError(code: .io, message: String(describing: error)))
        }
        saveLedger()
        if let saveError { errors.append(saveError) }
        if let error = AlertSinkError.combining(errors) { throw error }
    }

    private func saveLedger() {
        do {
            try ledger.save()
            unsaved = 0
            lastSave = .now
            saveError = nil
        } catch {
            // Kept until a later save succeeds; reported by close(). The alerts themselves were delivered.
            saveError = error as? AlertSinkError ?? AlertSinkError(code: .io, message: "saving the ledger: \(error)")
        }
    }
}
