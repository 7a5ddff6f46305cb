/// What became of one webhook post after its retries.
public struct WebhookPostResult: Sendable, Equatable, CustomStringConvertible {
    /// The end state.
    public enum Outcome: Sendable, Equatable {
        /// A 2xx response: the receiver has the alert.
        case delivered
        /// A response that retrying cannot fix (4xx other than 408/429, 3xx): the alert is kept.
        case rejected
        /// Still failing after the last attempt (network errors, 5xx, 408, 429), a `Retry-After` too
        /// long to wait, or cancelled (shutdown): the alert is kept to retry later.
        case failed
    }

    /// The end state.
    public var outcome: Outcome
    /// Requests sent (or tried), at least 1 unless cancelled before the first.
    public var attempts: Int
    /// The last HTTP status, when a response arrived.
    public var status: Int?
    /// Why it ended this way, for logs and error messages (no secrets: no URL path, no body of ours).
    public var detail: String

    public init(outcome: Outcome, attempts: Int, status: Int? = nil, detail: String) {
        self.outcome = outcome
        self.attempts = attempts
        self.status = status
        self.detail = detail
    }

    /// True for a 2xx.
    public var isDelivered: Bool { outcome == .delivered }

    public var description: String {
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        switch outcome {
        case .delivered: return "delivered (HTTP \(status ?? 0), \(tries))"
        case .rejected: return "rejected: \(detail) (\(tries), not retried)"
        case .failed: return "failed: \(detail) (\(tries))"
        }
    }
}
