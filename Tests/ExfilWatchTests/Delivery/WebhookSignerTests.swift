import Crypto
import ExfilWatch
import ExfilWatchDelivery
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("WebhookSigner")
struct WebhookSignerTests {
    @Test("matches GitHub's documented webhook signature example")
    func githubVector() {
        // From GitHub's "Validating webhook deliveries" documentation.
        let signer = WebhookSigner(secret: "It's a Secret to Everybody")
        let body = Array("Hello, World!".utf8)
        #expect(
            signer.signature(for: body) == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
        #expect(signer.isValid(signature: signer.signature(for: body), for: body))
        #expect(!signer.isValid(signature: signer.signature(for: body), for: Array("Hello, World?".utf8)))
        #expect(!WebhookSigner(secret: "other").isValid(signature: signer.signature(for: body), for: body))
    }

    @Test("the secret comes from the named environment variable")
    func environment() throws {
        let name = "EXFILWATCH_TEST_SECRET_\(UInt32.random(in: 0...UInt32.max))"
        #expect(try WebhookSigner.fromEnvironment(variable: name) == nil)
        let unset = try #require(throws: AlertSinkError.self) {
            try WebhookSigner.fromEnvironment(variable: name, required: true)
        }
        #expect(unset.description.contains(name))
        setenv(name, "", 1)
        #expect(throws: AlertSinkError.self) { try WebhookSigner.fromEnvironment(variable: name) }
        setenv(name, "s3cret", 1)
        defer { unsetenv(name) }
        let signer = try #require(try WebhookSigner.fromEnvironment(variable: name))
        let expected = HMAC<SHA256>.authenticationCode(
            for: Array("{}".utf8), using: SymmetricKey(data: Array("s3cret".utf8)))
        #expect(
            signer.signature(for: Array("{}".utf8)) == "sha256=" + expected.map { String(format: "%02x", $0) }.joined())
    }
}

@Suite("Retry policy and Retry-After")
struct RetryPolicyTests {
    @Test("which statuses are retried")
    func retryable() {
        for status in [500, 502, 503, 504, 408, 429] { #expect(WebhookRetryPolicy.isRetryable(status: status)) }
        for status in [400, 401, 403, 404, 409, 413, 422] { #expect(!WebhookRetryPolicy.isRetryable(status: status)) }
    }

    @Test("full jitter: delays stay within an exponentially growing, capped ceiling and vary")
    func jitter() {
        let policy = WebhookRetryPolicy(baseDelay: .milliseconds(100), maximumDelay: .seconds(1))
        #expect(policy.delayCeiling(beforeRetry: 1) == .milliseconds(100))
        #expect(policy.delayCeiling(beforeRetry: 3) == .milliseconds(400))
        #expect(policy.delayCeiling(beforeRetry: 10) == .seconds(1))
        var generator = SystemRandomNumberGenerator()
        for retry in 1...6 {
            let delays = (0..<50).map { _ in policy.delay(beforeRetry: retry, using: &generator) }
            #expect(delays.allSatisfy { $0 >= .zero && $0 <= policy.delayCeiling(beforeRetry: retry) })
            #expect(Set(delays).count > 1)
        }
    }

    @Test("Retry-After in seconds and as an HTTP date, in all three date forms")
    func retryAfter() {
        let now: Int64 = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.delay("1", now: now) == .seconds(1))
        #expect(RetryAfter.delay(" 120 ", now: now) == .seconds(120))
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.delay("Sunday, 06-Nov-94 08:50:37 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.delay("Sun Nov  6 08:49:40 1994", now: now) == .seconds(3))
        #expect(RetryAfter.delay("Sat, 05 Nov 1994 08:49:37 GMT", now: now) == .zero)
        #expect(RetryAfter.delay("soon", now: now) == nil)
        #expect(RetryAfter.delay("-5", now: now) == nil)
        #expect(RetryAfter.delay("", now: now) == nil)
    }
}
