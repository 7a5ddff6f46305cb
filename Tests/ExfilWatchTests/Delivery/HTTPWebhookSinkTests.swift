import ExfilWatch
import ExfilWatchDelivery
import Foundation
import Testing

@Suite("HTTPWebhookSink: posting with the spool as safety net")
struct HTTPWebhookSinkTests {
    private func makeSink(
        _ url: String, spool path: String, retry: WebhookRetryPolicy = testRetryPolicy,
        configuration: HTTPWebhookSink.Configuration = .init(closeTimeout: .seconds(20), spoolRetryInterval: nil)
    ) throws -> HTTPWebhookSink {
        HTTPWebhookSink(
            poster: try makeTestPoster(url, retry: retry), spool: try SpoolDirectory(path: path),
            configuration: configuration)
    }

    @Test("every alert is delivered exactly once, in order, signed, and the spool ends empty")
    func deliversEachOnce() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let server = try await TestWebhookServer.start(script: [.status(503)])
        let sink = try makeSink(server.url(), spool: root + "/spool")
        let ids = (1...5).map { "ep\($0).r0" }
        try await AlertTestSupport.onPlainThread {
            for id in ids { try sink.deliver(AlertTestSupport.alert(id: id)) }
            try sink.close()
        }
        try await server.stop()
        let requests = server.requests
        #expect(requests.count == 6)  // one 503, retried
        #expect(requests.dropFirst().compactMap { $0.header("Idempotency-Key") } == ids)
        for request in requests {
            let signature = try #require(request.header("X-Exfilwatch-Signature"))
            #expect(WebhookSigner(secret: "test-secret").isValid(signature: signature, for: request.body))
        }
        #expect(AlertTestSupport.listing(root + "/spool").isEmpty)
        #expect(sink.statistics.delivered == 5)
    }

    @Test("server down: close fails loudly naming the alerts, which are all in the spool; `deliver` then empties it")
    func serverDownThenDeliver() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let url = try await deadWebhookURL()
        let sink = try makeSink(url, spool: root + "/spool")
        let ids = ["ep1.r0", "ep2.r0", "ep2.r1"]
        let start = ContinuousClock.now
        let error = try await AlertTestSupport.onPlainThread { () -> AlertSinkError? in
            for id in ids { try sink.deliver(AlertTestSupport.alert(id: id)) }
            do {
                try sink.close()
                return nil
            } catch let error as AlertSinkError {
                return error
            }
        }
        #expect(ContinuousClock.now - start < .seconds(2))
        let failure = try #require(error)
        #expect(failure.code == .undelivered)
        #expect(Set(failure.alertIDs) == Set(ids))
        #expect(failure.description.contains("exfilwatch deliver --spool"))
        #expect(AlertTestSupport.listing(root + "/spool") == ids.map { $0 + ".json" })

        // The webhook comes back on the same port; `deliver` sends each alert exactly once.
        let port = Int(url.split(separator: ":").last!.split(separator: "/").first!)!
        let server = try await TestWebhookServer.start(port: port)
        let poster = try makeTestPoster(url)
        let report = try await SpoolDeliverer(spool: try SpoolDirectory(path: root + "/spool"), poster: poster)
            .deliverAll()
        try await poster.shutdown()
        try await server.stop()
        #expect(report.isComplete)
        #expect(report.delivered == ids)  // oldest first
        #expect(server.requests.compactMap { $0.header("Idempotency-Key") } == ids)
        #expect(AlertTestSupport.listing(root + "/spool").isEmpty)
    }

    @Test("a 4xx is not retried: one request, the alert stays in the spool, close says why")
    func rejectedStaysSpooled() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let server = try await TestWebhookServer.start(script: [.status(422, body: "unknown field")])
        let sink = try makeSink(server.url(), spool: root + "/spool")
        let error = try await AlertTestSupport.onPlainThread { () -> AlertSinkError? in
            try sink.deliver(AlertTestSupport.alert(id: "bad.r0"))
            try sink.deliver(AlertTestSupport.alert(id: "good.r0"))
            do {
                try sink.close()
                return nil
            } catch let error as AlertSinkError {
                return error
            }
        }
        try await server.stop()
        #expect(server.requests.compactMap { $0.header("Idempotency-Key") } == ["bad.r0", "good.r0"])
        #expect(AlertTestSupport.listing(root + "/spool") == ["bad.r0.json"])
        let failure = try #require(error)
        #expect(failure.alertIDs == ["bad.r0"])
        #expect(failure.description.contains("HTTP 422"))
    }

    @Test("a running sink re-sends its spool by itself once the webhook is back")
    func runningSinkRecovers() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let url = try await deadWebhookURL()
        let port = Int(url.split(separator: ":").last!.split(separator: "/").first!)!
        let sink = try makeSink(
            url, spool: root + "/spool",
            configuration: .init(
                closeTimeout: .seconds(20), spoolRetryInterval: .milliseconds(100), failurePause: .milliseconds(50)))
        try await AlertTestSupport.onPlainThread {
            try sink.deliver(AlertTestSupport.alert(id: "ep1.r0"))
            try sink.deliver(AlertTestSupport.alert(id: "ep2.r0"))
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(AlertTestSupport.listing(root + "/spool") == ["ep1.r0.json", "ep2.r0.json"])
        let server = try await TestWebhookServer.start(port: port)
        let deadline = ContinuousClock.now + .seconds(20)
        while !AlertTestSupport.listing(root + "/spool").isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await AlertTestSupport.onPlainThread { try sink.close() }
        try await server.stop()
        #expect(AlertTestSupport.listing(root + "/spool").isEmpty)
        #expect(server.requests.compactMap { $0.header("Idempotency-Key") }.sorted() == ["ep1.r0", "ep2.r0"])
    }

    @Test("leftovers from an earlier run are posted when the sink starts")
    func deliversLeftoversOnStart() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let spool = try SpoolDirectory(path: root + "/spool")
        try spool.write(Array(AlertTestSupport.alert(id: "old.r0").jsonLine().utf8), forAlertID: "old.r0")
        let server = try await TestWebhookServer.start()
        let sink = try makeSink(
            server.url(), spool: root + "/spool", configuration: .init(closeTimeout: .seconds(20)))
        try await AlertTestSupport.onPlainThread {
            try sink.deliver(AlertTestSupport.alert(id: "new.r0"))
            try sink.close()
        }
        try await server.stop()
        #expect(server.requests.compactMap { $0.header("Idempotency-Key") }.sorted() == ["new.r0", "old.r0"])
        #expect(AlertTestSupport.listing(root + "/spool").isEmpty)
    }

    @Test("a spool that breaks mid-run: alerts still go out from memory, and the failure is reported")
    func brokenSpoolStillPosts() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let server = try await TestWebhookServer.start()
        let sink = try makeSink(server.url(), spool: root + "/spool")
        try FileManager.default.removeItem(atPath: root + "/spool")
        let thrown = try await AlertTestSupport.onPlainThread { () -> AlertSinkError? in
            defer { try? sink.close() }
            do {
                try sink.deliver(AlertTestSupport.alert(id: "ep1.r0"))
                return nil
            } catch let error as AlertSinkError {
                return error
            }
        }
        try await server.stop()
        let error = try #require(thrown)
        #expect(error.description.contains("could not spool alert"))
        #expect(server.requests.compactMap { $0.header("Idempotency-Key") } == ["ep1.r0"])
    }

    @Test("webhook down and spool gone: close reports the alert as LOST rather than dropping it silently")
    func lostIsLoud() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let sink = try makeSink(try await deadWebhookURL(), spool: root + "/spool")
        try FileManager.default.removeItem(atPath: root + "/spool")
        let error = try await AlertTestSupport.onPlainThread { () -> AlertSinkError? in
            _ = try? sink.deliver(AlertTestSupport.alert(id: "ep1.r0"))
            do {
                try sink.close()
                return nil
            } catch let error as AlertSinkError {
                return error
            }
        }
        let failure = try #require(error)
        #expect(failure.description.contains("alert LOST"))
        #expect(failure.alertIDs.contains("ep1.r0"))
    }

    @Test("an invalid id is refused before anything is written or posted")
    func invalidID() async throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let server = try await TestWebhookServer.start()
        let sink = try makeSink(server.url(), spool: root + "/spool")
        let code = try await AlertTestSupport.onPlainThread { () -> AlertSinkError.Code? in
            defer { try? sink.close() }
            do {
                try sink.deliver(AlertTestSupport.alert(id: "../../etc/cron.d/x"))
                return nil
            } catch let error as AlertSinkError {
                return error.code
            }
        }
        try await server.stop()
        #expect(code == .invalidAlertID)
        #expect(server.requests.isEmpty)
        #expect(AlertTestSupport.listing(root) == ["spool"])
    }
}
