/// Somewhere alerts go: stdout, a directory of webhook files, an HTTP endpoint.
///
/// The pipeline calls a sink synchronously, on one plain thread (not from an async context), once per
/// alert, in alert order, and ``close()`` once at the end. A sink never drops an alert silently: it
/// either delivers it, keeps it somewhere durable (a spool), or throws.
///
/// - ``deliver(_:)`` throws when this alert could not be handled; ``AlertSinkError/outputClosed`` means
///   the reader went away and the run should stop quietly.
/// - ``close()`` flushes and waits for pending work, then throws if anything was not delivered, so the
///   command exits non-zero.
public protocol AlertSink: AnyObject {
    /// Hands one alert to the sink.
    func deliver(_ alert: Alert) throws
    /// Flushes, waits for pending deliveries, releases resources; throws if any alert was not delivered.
    func close() throws
}
