/// The body of a webhook file or HTTP post (`--payload raw|slack`).
public enum WebhookPayloadFormat: String, Sendable, CaseIterable {
    /// The alert's own JSON (``Alert/jsonLine()``), followed by a newline.
    case raw
    /// A Slack-compatible `{"text": …, "blocks": […]}` message (``SlackPayload``).
    case slack

    /// The body bytes for `alert` in this format.
    public func body(for alert: Alert) -> [UInt8] {
        switch self {
        case .raw: Array((alert.jsonLine() + "\n").utf8)
        case .slack: SlackPayload(alert: alert).jsonBytes()
        }
    }
}
