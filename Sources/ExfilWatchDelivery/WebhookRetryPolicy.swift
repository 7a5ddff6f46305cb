/// When and how often a webhook post is retried.
///
/// - Retried: network errors and timeouts, 5xx, 408 Request Timeout and 429 Too Many Requests.
/// - Not retried: every other 4xx (the request itself is wrong; repeating it cannot help), 3xx
///   (redirects are not followed, so a signed alert never goes to another host), 1xx/2xx.
/// - Delay before retry *n* (1-based): "full jitter", uniformly random in
///   `0 … min(maximumDelay, baseDelay × 2^(n-1))`, so that many clients recovering together do not
///   retry in lockstep. A `Retry-After` header (seconds or HTTP date) on a 429 or 5xx replaces the
///   computed delay; one longer than ``maximumRetryAfter`` ends the attempts (the alert stays spooled).
public struct WebhookRetryPolicy: Sendable, Equatable {
    /// Total attempts including the first (at least 1).
    public var maximumAttempts: Int
    /// Upper bound of the first retry's delay.
    public var baseDelay: Duration
    /// Upper bound of any computed delay.
    public var maximumDelay: Duration
    /// Longest `Retry-After` honoured by waiting; a longer one gives up on this alert for now.
    public var maximumRetryAfter: Duration

    public init(
        maximumAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(30),
        maximumRetryAfter: Duration = .seconds(120)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// True when a response with `status` should be retried.
    public static func isRetryable(status: Int) -> Bool {
        status >= 500 || status == 408 || status == 429
    }

    /// The ceiling of the jittered delay before retry `retry` (1 for the first retry).
    public func delayCeiling(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = baseDelay * (1 << exponent)
        return min(ceiling, maximumDelay)
    }

    /// A full-jitter delay before retry `retry`: uniformly random in `0 … delayCeiling(beforeRetry:)`.
    public func delay<R: RandomNumberGenerator>(beforeRetry retry: Int, using generator: inout R) -> Duration {
        let ceiling = delayCeiling(beforeRetry: retry)
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanoseconds, using: &generator))
    }
}
