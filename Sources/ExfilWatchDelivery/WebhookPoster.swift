import AsyncHTTPClient
import ExfilWatch
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Posts alert payloads to a webhook URL with async-http-client: timeouts, retries with exponential
/// backoff and full jitter (``WebhookRetryPolicy``), `Retry-After`, and the headers a receiver needs.
///
/// Every request carries `Content-Type: application/json`, `User-Agent: exfilwatch/<version>`,
/// `Idempotency-Key: <alert id>` (the same on every retry and every later delivery of that alert, so a
/// receiver can drop repeats) and, with a ``WebhookSigner``, `X-Exfilwatch-Signature: sha256=<hex>`.
/// Redirects are not followed. The poster owns its `HTTPClient`: call ``shutdown()`` (async) or
/// ``syncShutdown()`` (plain thread) once done.
///
/// ```swift
/// let poster = try WebhookPoster(configuration: .init(url: "https://hooks.example.com/exfilwatch",
///                                                     signer: try WebhookSigner.fromEnvironment()))
/// let result = await poster.post(alert, payload: .raw)
/// try await poster.shutdown()
/// ```
public final class WebhookPoster: Sendable {
    /// The exfilwatch version sent in `User-Agent` by default.
    public static let version = ExfilWatchVersion.current

    /// Where and how to post.
    public struct Configuration: Sendable {
        /// The webhook URL (`http` or `https`).
        public var url: String
        /// Longest wait for a TCP (and TLS) connection.
        public var connectTimeout: Duration
        /// Longest wait for one whole request and its response (each attempt separately).
        public var requestTimeout: Duration
        /// Attempts, backoff and `Retry-After` limits.
        public var retry: WebhookRetryPolicy
        /// The `User-Agent` header.
        public var userAgent: String
        /// Signs each body when set.
        public var signer: WebhookSigner?

        public init(
            url: String, connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(10),
            retry: WebhookRetryPolicy = WebhookRetryPolicy(), userAgent: String = "exfilwatch/\(WebhookPoster.version)",
            signer: WebhookSigner? = nil
        ) {
            self.url = url
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.userAgent = userAgent
            self.signer = signer
        }
    }

    /// The configuration in use.
    public let configuration: Configuration
    /// `scheme://host[:port]` of the URL: safe to print (a webhook URL's path or query is often secret).
    public let displayURL: String
    private let client: HTTPClient
    private let logger: Logger
    private let isShutDown = Mutex(false)

    /// - Throws: ``AlertSinkError/Code/configuration`` when the URL is not an absolute http(s) URL.
    public init(configuration: Configuration, logger: Logger = Logger(label: "exfilwatch.webhook")) throws {
        guard let url = URL(string: configuration.url), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw AlertSinkError(
                code: .configuration, message: "webhook URL must be an absolute http:// or https:// URL")
        }
        // async-http-client traps on a port outside 1…65535, so a typo must stop here, before any alert.
        if let port = url.port, !(1...65_535).contains(port) {
            throw AlertSinkError(
                code: .configuration, message: "webhook URL port \(port) is not in 1…65535")
        }
        self.configuration = configuration
        self.displayURL = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        self.logger = logger
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(configuration.connectTimeout)))
        // Fail fast when the server is down: retrying is this type's job, with its own backoff.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    }

    deinit {
        let needsShutdown = isShutDown.withLock { !$0 }
        if needsShutdown { try? client.syncShutdown() }
    }

    /// Posts `alert` rendered as `payload`, with its id as the idempotency key.
    public func post(_ alert: Alert, payload: WebhookPayloadFormat) async -> WebhookPostResult {
        await post(body: payload.body(for: alert), idempotencyKey: alert.id)
    }

    /// Posts `body` until it is delivered, rejected, out of attempts, or the task is cancelled.
    /// - Parameters:
    ///   - body: the exact bytes sent and signed.
    ///   - idempotencyKey: the alert id.
    public func post(body: [UInt8], idempotencyKey: String) async -> WebhookPostResult {
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        if let signer = configuration.signer {
            request.headers.add(name: WebhookSigner.headerName, value: signer.signature(for: body))
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let policy = configuration.retry
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { return Self.cancelled(attempt - 1) }
            var status: Int?
            var retryAfter: Duration?
            var detail: String
            do {
                let response = try await client.execute(
                    request, timeout: Self.timeAmount(configuration.requestTimeout), logger: logger)
                status = Int(response.status.code)
                // Read (a bounded part of) the body so the connection can be reused.
                let text = (try? await response.body.collect(upTo: 16 * 1024)).map { String(buffer: $0) } ?? ""
                if (200..<300).contains(status!) {
                    return WebhookPostResult(outcome: .delivered, attempts: attempt, status: status, detail: "")
                }
                detail = "HTTP \(status!) from \(displayURL)" + Self.excerpt(text)
                if !WebhookRetryPolicy.isRetryable(status: status!) {
                    return WebhookPostResult(outcome: .rejected, attempts: attempt, status: status, detail: detail)
                }
                retryAfter = response.headers.first(name: "Retry-After").flatMap {
                    RetryAfter.delay($0, now: Int64(Date().timeIntervalSince1970))
                }
            } catch {
                if Task.isCancelled || error is CancellationError { return Self.cancelled(attempt) }
                detail = "\(Self.describe(error)) posting to \(displayURL)"
            }
            if attempt >= policy.maximumAttempts {
                return WebhookPostResult(outcome: .failed, attempts: attempt, status: status, detail: detail)
            }
            if let retryAfter, retryAfter > policy.maximumRetryAfter {
                return WebhookPostResult(
                    outcome: .failed, attempts: attempt, status: status,
                    detail: detail + "; Retry-After \(retryAfter.components.seconds) s is longer than the "
                        + "\(policy.maximumRetryAfter.components.seconds) s limit")
            }
            let delay = retryAfter ?? policy.delay(beforeRetry: attempt, using: &generator)
            logger.warning(
                "webhook post failed, retrying",
                metadata: [
                    "alert": "\(idempotencyKey)", "attempt": "\(attempt)", "reason": "\(detail)",
                    "delay_ms":
                        "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)",
                ])
            do {
                try await Task.sleep(for: delay)
            } catch {
                return Self.cancelled(attempt)
            }
        }
    }

    /// Shuts the HTTP client down (from async code). Idempotent.
    public func shutdown() async throws {
        guard markShutDown() else { return }
        try await client.shutdown()
    }

    /// Shuts the HTTP client down (from a plain thread, never from async code). Idempotent.
    public func syncShutdown() throws {
        guard markShutDown() else { return }
        try client.syncShutdown()
    }

    private func markShutDown() -> Bool {
        isShutDown.withLock { done in
            defer { done = true }
            return !done
        }
    }

    private static func cancelled(_ attempts: Int) -> WebhookPostResult {
        WebhookPostResult(outcome: .failed, attempts: attempts, detail: "cancelled at shutdown")
    }

    /// The first line of a response body, escaped and cut, for an error message.
    private static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !line.isEmpty else { return "" }
        return ": " + TerminalEscaper.escape(String(line.prefix(200)))
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connect timeout"
            case .readTimeout, .deadlineExceeded: return "timeout"
            case .remoteConnectionClosed: return "connection closed by the server"
            default: break
            }
        }
        if let error = error as? IOError { return "connection failed: " + String(cString: strerror(error.errnoCode)) }
        return String(describing: error)
    }

    static func timeAmount(_ d: Duration) -> TimeAmount {
        .nanoseconds(d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
    }
}
