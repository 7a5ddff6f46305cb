/// `--webhook-dir DIR`: writes one file per alert, `<id>.json`, for a forwarder to ship.
///
/// Files are written through ``SpoolDirectory`` (atomic, fsynced, mode 0600, never through a
/// symlink, named from the id only). The same alert id always maps to the same file, so a re-delivered
/// alert replaces its file instead of adding a second one. `--payload raw` writes the alert JSON,
/// `--payload slack` a Slack message (``SlackPayload``).
public final class WebhookFileSink: AlertSink {
    /// Where files go.
    public let directory: SpoolDirectory
    /// What each file holds.
    public let payload: WebhookPayloadFormat

    public init(directory: SpoolDirectory, payload: WebhookPayloadFormat = .raw) {
        self.directory = directory
        self.payload = payload
    }

    /// Opens (creating, 0700) `path` and writes alerts there.
    /// - Throws: ``AlertSinkError`` when the directory is a symlink, not a directory, or not writable.
    public convenience init(path: String, payload: WebhookPayloadFormat = .raw) throws {
        self.init(directory: try SpoolDirectory(path: path), payload: payload)
    }

    /// Writes the alert's file; throws (disk full, permission denied, invalid id) when it is not on disk.
    public func deliver(_ alert: Alert) throws {
        try directory.write(payload.body(for: alert), forAlertID: alert.id)
    }

    /// Every file was fsynced when written: nothing to flush.
    public func close() throws {}
}
