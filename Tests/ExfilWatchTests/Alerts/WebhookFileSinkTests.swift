import ExfilWatch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("WebhookFileSink and SlackPayload")
struct WebhookFileSinkTests {
    @Test("raw: one 0600 file per alert, <id>.json, holding the alert JSON; a repeat replaces its file")
    func rawFiles() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let sink = try WebhookFileSink(path: root + "/hooks", payload: .raw)
        let alerts = [
            AlertTestSupport.alert(id: "ep1.r0"), AlertTestSupport.alert(id: "ep1.r1"),
            AlertTestSupport.alert(id: "ep2.r0"),
        ]
        for alert in alerts + [alerts[0]] { try sink.deliver(alert) }
        try sink.close()
        #expect(AlertTestSupport.listing(root + "/hooks") == ["ep1.r0.json", "ep1.r1.json", "ep2.r0.json"])
        for alert in alerts {
            let path = root + "/hooks/\(alert.id).json"
            var info = stat()
            #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
            let decoded = try JSONDecoder().decode(Alert.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(decoded.id == alert.id && decoded.reason == alert.reason && decoded.signals == alert.signals)
        }
    }

    @Test("an alert whose id tries ../ is refused and nothing is written outside the directory")
    func traversalID() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let sink = try WebhookFileSink(path: root + "/hooks")
        let error = try #require(throws: AlertSinkError.self) {
            try sink.deliver(AlertTestSupport.alert(id: "../../outside"))
        }
        #expect(error.code == .invalidAlertID)
        #expect(AlertTestSupport.listing(root) == ["hooks"])
        #expect(AlertTestSupport.listing(root + "/hooks").isEmpty)
    }

    @Test("slack: Block Kit header, section with fields, context; untrusted text cannot mention or link")
    func slackPayload() throws {
        let alert = AlertTestSupport.alert(actor: "eve <!channel> & <https://evil.example|click>")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(SlackPayload(alert: alert).jsonBytes())) as? [String: Any])
        let text = try #require(json["text"] as? String)
        #expect(text.hasPrefix("[HIGH] exfilwatch: eve &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"))
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["type"] as? String } == ["header", "section", "context"])
        let header = try #require(blocks[0]["text"] as? [String: Any])
        #expect(header["type"] as? String == "plain_text")
        #expect((header["text"] as? String)?.count ?? 999 <= 150)
        let fields = try #require(blocks[1]["fields"] as? [[String: Any]])
        let fieldTexts = fields.compactMap { $0["text"] as? String }
        #expect(fieldTexts.contains("*Actor*\neve &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"))
        #expect(fieldTexts.contains { $0.hasPrefix("*clones (10m)*\n412 observed") })
        #expect(fieldTexts.contains("*Repositories*\nacme/ledger, acme/infra"))
        #expect(fields.count <= 10)
        let context = try #require((blocks[2]["elements"] as? [[String: Any]])?.first?["text"] as? String)
        #expect(context.contains("id `ep0001.r0`"))
        #expect(!String(decoding: SlackPayload(alert: alert).jsonBytes(), as: UTF8.self).contains("<!channel>"))
    }

    @Test("slack files through the sink")
    func slackFiles() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let sink = try WebhookFileSink(path: root + "/hooks", payload: .slack)
        try sink.deliver(AlertTestSupport.alert(id: "ep5.r0"))
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/hooks/ep5.r0.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["blocks"] != nil && json["text"] != nil)
    }
}
