/// Applies a ``Redactor`` to every alert before passing it on: put it first, so that no sink (stdout,
/// files, HTTP, spool) ever sees a secret.
public final class RedactingSink: AlertSink {
    private let redactor: Redactor
    private let next: any AlertSink

    public init(redactor: Redactor, next: any AlertSink) {
        self.redactor = redactor
        self.next = next
    }

    public func deliver(_ alert: Alert) throws {
        try next.deliver(redactor.redacted(alert))
    }

    public func close() throws {
        try next.close()
    }
}
