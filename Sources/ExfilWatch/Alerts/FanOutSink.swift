/// Delivers every alert to several sinks (stdout, a webhook directory, an HTTP endpoint).
///
/// One failing sink never keeps an alert from the others: its error is reported at once through
/// `onError` (for stderr), collected, and rethrown by ``close()``, so the run ends non-zero with
/// every failure named. When a sink reports ``AlertSinkError/outputClosed`` (the stdout reader went
/// away), that sink gets no more alerts, the remaining sinks still get this one, and ``deliver(_:)``
/// then throws ``AlertSinkError/outputClosed`` so the command can stop quietly (after ``close()``).
public final class FanOutSink: AlertSink {
    private var sinks: [any AlertSink]
    private var active: [Bool]
    private var errors: [AlertSinkError] = []
    private let onError: ((AlertSinkError) -> Void)?

    /// - Parameters:
    ///   - sinks: delivered to in this order.
    ///   - onError: called at once with each failure (e.g. to log it to stderr); failures are also
    ///     rethrown together by ``close()``.
    public init(_ sinks: [any AlertSink], onError: ((AlertSinkError) -> Void)? = nil) {
        self.sinks = sinks
        self.active = Array(repeating: true, count: sinks.count)
        self.onError = onError
    }

    /// The failures collected so far.
    public var collectedErrors: [AlertSinkError] { errors }

    public func deliver(_ alert: Alert) throws {
        var readerWentAway = false
        for (index, sink) in sinks.enumerated() where active[index] {
            do {
                try sink.deliver(alert)
            } catch AlertSinkError.outputClosed {
                active[index] = false
                readerWentAway = true
            } catch {
                record(Self.wrap(error, alertID: alert.id))
            }
        }
        if readerWentAway { throw AlertSinkError.outputClosed }
    }

    /// Closes every sink (even after one fails) and throws all failures seen since the start.
    public func close() throws {
        for sink in sinks {
            do {
                try sink.close()
            } catch AlertSinkError.outputClosed {
                continue
            } catch {
                record(Self.wrap(error, alertID: nil))
            }
        }
        if let error = AlertSinkError.combining(errors) { throw error }
    }

    private func record(_ error: AlertSinkError) {
        errors.append(error)
        onError?(error)
    }

    private static func wrap(_ error: any Error, alertID: String?) -> AlertSinkError {
        if var sinkError = error as? AlertSinkError {
            if let alertID, sinkError.alertIDs.isEmpty, sinkError.code != .multiple { sinkError.alertIDs = [alertID] }
            return sinkError
        }
        return AlertSinkError(code: .io, message: String(describing: error), alertIDs: alertID.map { [$0] } ?? [])
    }
}
