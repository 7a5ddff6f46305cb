import ExfilWatch
import ExfilWatchDelivery
import Foundation
import Testing

/// Fast retries for tests: 10 ms base delay.
let testRetryPolicy = WebhookRetryPolicy(
    maximumAttempts: 4, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(40))

func makeTestPoster(
    _ url: String, retry: WebhookRetryPolicy = testRetryPolicy, secret: String? = "test-secret",
    timeout: Duration = .seconds(2)
) throws -> WebhookPoster {
    try WebhookPoster(
        configuration: .init(
            url: url, connectTimeout: .seconds(1), requestTimeout: timeout, retry: retry,
            signer: secret.map(WebhookSigner.init(secret:))))
}

/// A loopback port with nothing listening: a server started and stopped again.
func deadWebhookURL() async throws -> String {
    let server = try await TestWebhookServer.start()
    try await server.stop()
    return server.url()
}

@Suite("WebhookPoster against a loopback server")
struct WebhookPosterTests {
    @Test("a post carries the JSON body, Idempotency-Key, User-Agent and a valid signature")
    func headersAndSignature() async throws {
        let server = try await TestWebhookServer.start()
        let poster = try makeTestPoster(server.url("/hooks/exfil?x=1"))
        let alert = AlertTestSupport.alert(id: "ep42.r1")
        let result = await poster.post(alert, payload: .raw)
        try await poster.shutdown()
        try await server.stop()
        #expect(result.outcome == .delivered && result.attempts == 1 && result.status == 200)
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == "POST" && request.uri == "/hooks/exfil?x=1")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Idempotency-Key") == "ep42.r1")
        #expect(request.header("User-Agent") == "exfilwatch/\(WebhookPoster.version)")
        #expect(request.body == WebhookPayloadFormat.raw.body(for: alert))
        let signature = try #require(request.header("X-Exfilwatch-Signature"))
        #expect(WebhookSigner(secret: "test-secret").isValid(signature: signature, for: request.body))
        #expect(try JSONDecoder().decode(Alert.self, from: Data(request.body)).id == "ep42.r1")
    }

    @Test("no secret, no signature header")
    func unsigned() async throws {
        let server = try await TestWebhookServer.start()
        let poster = try makeTestPoster(server.url(), secret: nil)
        _ = await poster.post(AlertTestSupport.alert(), payload: .slack)
        try await poster.shutdown()
        try await server.stop()
        #expect(server.requests.first?.header("X-Exfilwatch-Signature") == nil)
        let body = String(decoding: server.requests.first?.body ?? [], as: UTF8.self)
        #expect(body.contains("\"blocks\""))
    }

    @Test("5xx and dropped connections are retried with backoff until delivered, same key each time")
    func retriesServerErrors() async throws {
        let server = try await TestWebhookServer.start(script: [.status(503), .dropConnection, .status(500)])
        let poster = try makeTestPoster(server.url())
        let result = await poster.post(AlertTestSupport.alert(id: "ep3.r0"), payload: .raw)
        try await poster.shutdown()
        try await server.stop()
        #expect(result.outcome == .delivered && result.attempts == 4)
        #expect(server.requests.count == 4)
        #expect(Set(server.requests.compactMap { $0.header("Idempotency-Key") }) == ["ep3.r0"])
        #expect(Set(server.requests.map(\.body)).count == 1)
    }

    @Test("a 4xx is not retried")
    func noRetryOn4xx() async throws {
        let server = try await TestWebhookServer.start(script: [.status(400, body: "bad payload\nmore")])
        let poster = try makeTestPoster(server.url())
        let result = await poster.post(AlertTestSupport.alert(), payload: .raw)
        try await Task.sleep(for: .milliseconds(100))  // a retry would have arrived by now
        try await poster.shutdown()
        try await server.stop()
        #expect(result.outcome == .rejected && result.attempts == 1 && result.status == 400)
        #expect(result.detail.contains("HTTP 400") && result.detail.contains("bad payload"))
        #expect(server.requests.count == 1)
    }

    @Test("a 429 is retried after its Retry-After")
    func honoursRetryAfter() async throws {
        let server = try await TestWebhookServer.start(script: [.status(429, headers: [("Retry-After", "1")])])
        let poster = try makeTestPoster(server.url())
        let result = await poster.post(AlertTestSupport.alert(), payload: .raw)
        try await poster.shutdown()
        try await server.stop()
        #expect(result.outcome == .delivered && result.attempts == 2)
        let requests = server.requests
        try #require(requests.count == 2)
        let gap = requests[1].received - requests[0].received
        #expect(gap >= .milliseconds(950) && gap < .seconds(2))
    }

    @Test("a Retry-After beyond the limit gives up at once (the alert stays spooled)")
    func retryAfterTooLong() async throws {
        let server = try await TestWebhookServer.start(script: [.status(429, headers: [("Retry-After", "3600")])])
        let poster = try makeTestPoster(server.url())
        let result = await poster.post(AlertTestSupport.alert(), payload: .raw)
        try await poster.shutdown()
        try await server.stop()
        #expect(result.outcome == .failed && result.attempts == 1)
        #expect(result.detail.contains("Retry-After 3600 s"))
    }

    @Test("server down: every attempt fails fast, then the post reports failure")
    func serverDown() async throws {
        let poster = try makeTestPoster(try await deadWebhookURL())
        let start = ContinuousClock.now
        let result = await poster.post(AlertTestSupport.alert(), payload: .raw)
        try await poster.shutdown()
        #expect(result.outcome == .failed && result.attempts == testRetryPolicy.maximumAttempts)
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("a server that never answers times out and is retried")
    func timeout() async throws {
        let server = try await TestWebhookServer.start(script: [.hang])
        let poster = try makeTestPoster(server.url(), timeout: .milliseconds(300))
        let result = await poster.post(AlertTestSupport.alert(), payload: .raw)
        try await poster.shutdown()
        try await server.stop()
        #expect(result.outcome == .delivered && result.attempts == 2)
    }

    @Test("a bad URL is a configuration error")
    func badURL() {
        let urls = [
            "ftp://example.com/x", "not a url", "/relative/path", "http://", "http://127.0.0.1:70000/x",
            "http://127.0.0.1:0/x", "https://hooks.example.com:99999/",
        ]
        for url in urls {
            #expect(throws: AlertSinkError.self) { try WebhookPoster(configuration: .init(url: url)) }
        }
    }
}
