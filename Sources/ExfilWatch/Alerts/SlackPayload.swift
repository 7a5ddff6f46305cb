import Foundation

/// A Slack incoming-webhook message for one alert, in Block Kit: a header, a section with the reason
/// and a few fields, a context line with the id, and a `text` fallback for notifications.
///
/// ```json
/// {"blocks":[
///   {"type":"header","text":{"type":"plain_text","text":"HIGH exfilwatch alert: alice"}},
///   {"type":"section","text":{"type":"mrkdwn","text":"412 clones in 10m, usually 3"},
///    "fields":[{"type":"mrkdwn","text":"*Actor*\nalice"}, …]},
///   {"type":"context","elements":[{"type":"mrkdwn","text":"id `3f2a9c0d1e4b.r1` · detector baseline · …"}]}],
///  "text":"[HIGH] exfilwatch: alice — 412 clones in 10m, usually 3"}
/// ```
///
/// Untrusted text has `&`, `<` and `>` escaped as Slack requires, so an actor name cannot mention
/// `<!channel>` or forge a link; lengths are cut to Slack's limits (header 150, field 2000, section
/// 3000 characters).
public struct SlackPayload: Encodable, Sendable {
    /// A Block Kit text object.
    public struct Text: Encodable, Sendable {
        public var type: String
        public var text: String
    }

    /// One Block Kit block (`header`, `section` or `context`).
    public struct Block: Encodable, Sendable {
        public var type: String
        public var text: Text?
        public var fields: [Text]?
        public var elements: [Text]?
    }

    /// Notification fallback text.
    public var text: String
    /// The message layout.
    public var blocks: [Block]

    public init(alert: Alert) {
        let actor = Self.escape(alert.actor)
        let reason = Self.escape(alert.reason)
        let severity = alert.severity.rawValue.uppercased()
        text = Self.cut("[\(severity)] exfilwatch: \(actor) — \(reason)", 3000)
        var fields = [
            Text(type: "mrkdwn", text: "*Actor*\n" + Self.cut(actor, 1900)),
            Text(type: "mrkdwn", text: "*Severity*\n\(severity) (score \(String(format: "%.2f", alert.score)))"),
            Text(
                type: "mrkdwn",
                text: "*Window*\n\(CivilTime.rfc3339(alert.windowStart)) → \(CivilTime.rfc3339(alert.windowEnd))"),
        ]
        if let top = alert.signals.first {
            fields.append(
                Text(
                    type: "mrkdwn",
                    text: "*\(Self.cut(Self.escape(top.name), 100)) (\(Self.cut(Self.escape(top.scale), 20)))*\n"
                        + "\(Self.number(top.observed)) observed, \(Self.number(top.expected)) expected"))
        }
        if !alert.exampleResources.isEmpty {
            let repos = alert.exampleResources.map(Self.escape).joined(separator: ", ")
            fields.append(Text(type: "mrkdwn", text: "*Repositories*\n" + Self.cut(repos, 1900)))
        }
        if !alert.exampleSourceIPs.isEmpty {
            let ips = alert.exampleSourceIPs.map(Self.escape).joined(separator: ", ")
            fields.append(Text(type: "mrkdwn", text: "*Source IPs*\n" + Self.cut(ips, 1900)))
        }
        let context =
            "id `\(Self.escape(alert.id))` · detector \(Self.escape(alert.detector)) · detected "
            + CivilTime.rfc3339(alert.detectedAt)
        blocks = [
            Block(
                type: "header",
                text: Text(type: "plain_text", text: Self.cut("\(severity) exfilwatch alert: \(actor)", 150))),
            Block(type: "section", text: Text(type: "mrkdwn", text: Self.cut(reason, 3000)), fields: fields),
            Block(type: "context", elements: [Text(type: "mrkdwn", text: Self.cut(context, 2000))]),
        ]
    }

    /// The JSON message (sorted keys) followed by a newline.
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and arrays cannot fail.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8)) + [UInt8(ascii: "\n")]
    }

    /// Slack's required escaping of `&`, `<`, `>` in message text.
    public static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    /// At most `limit` characters, ending with `…` when cut.
    static func cut(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }

    private static func number(_ v: Double) -> String {
        v.isFinite ? String(format: v.rounded() == v ? "%.0f" : "%.1f", v) : String(describing: v)
    }
}
