import ExfilWatch
import Foundation
import Logging

/// `exfilwatch deliver`: posts every alert waiting in a spool directory and removes each one that
/// got a 2xx; failures stay in the spool and are reported.
///
/// Alerts go oldest first, one at a time, each with the poster's retries. After a post fails for a
/// reason that affects every alert (network error, 5xx, 429 after its retries), the rest are not tried
/// in this run: they are reported as not attempted, so a dead webhook costs one post, not one per
/// alert. A rejected alert (4xx) does not stop the others. Files that are not alert JSON are left and
/// reported; symbolic links and other non-regular files in the spool are never read.
public struct SpoolDeliverer: Sendable {
    /// The result of one run.
    public struct Report: Sendable, Equatable {
        /// Ids delivered and removed from the spool.
        public var delivered: [String] = []
        /// Ids whose post failed or was rejected, with the reason; still in the spool.
        public var failed: [(id: String, reason: String)] = []
        /// Ids not tried after an earlier failure; still in the spool.
        public var notAttempted: [String] = []
        /// Spool files that could not be read or decoded, with the reason; still in the spool.
        public var unreadable: [(file: String, reason: String)] = []

        /// True when the spool was emptied of every alert it held.
        public var isComplete: Bool { failed.isEmpty && notAttempted.isEmpty && unreadable.isEmpty }

        public static func == (a: Report, b: Report) -> Bool {
            a.delivered == b.delivered && a.notAttempted == b.notAttempted
                && a.failed.map(\.id) == b.failed.map(\.id) && a.unreadable.map(\.file) == b.unreadable.map(\.file)
        }
    }

    /// The spool read.
    public let spool: SpoolDirectory
    /// The poster used (not shut down by this type).
    public let poster: WebhookPoster
    /// What is posted for each alert.
    public let payload: WebhookPayloadFormat
    private let logger: Logger

    public init(
        spool: SpoolDirectory, poster: WebhookPoster, payload: WebhookPayloadFormat = .raw,
        logger: Logger = Logger(label: "exfilwatch.deliver")
    ) {
        self.spool = spool
        self.poster = poster
        self.payload = payload
        self.logger = logger
    }

    /// Posts everything in the spool once.
    /// - Throws: only when the spool cannot be listed.
    public func deliverAll() async throws -> Report {
        var report = Report()
        var stopped: String?
        for entry in try spool.entries() {
            if let stopped {
                report.notAttempted.append(entry.id)
                logger.debug("not attempted after an earlier failure (\(stopped))", metadata: ["alert": "\(entry.id)"])
                continue
            }
            let alert: Alert
            do {
                guard let bytes = try spool.read(alertID: entry.id) else { continue }  // removed meanwhile
                alert = try JSONDecoder().decode(Alert.self, from: Data(bytes))
            } catch {
                report.unreadable.append((spool.pathOf(entry.fileName), "\(error)"))
                continue
            }
            guard alert.id == entry.id else {
                report.unreadable.append((spool.pathOf(entry.fileName), "holds alert \(alert.id), not \(entry.id)"))
                continue
            }
            let result = await poster.post(alert, payload: payload)
            switch result.outcome {
            case .delivered:
                do {
                    try spool.remove(alertID: entry.id)
                    report.delivered.append(entry.id)
                    logger.info("delivered", metadata: ["alert": "\(entry.id)"])
                } catch {
                    // Sent again next time with the same Idempotency-Key: a repeat, not a loss.
                    report.failed.append((entry.id, "delivered, but its spool file could not be removed: \(error)"))
                }
            case .rejected:
                report.failed.append((entry.id, result.description))
            case .failed:
                report.failed.append((entry.id, result.description))
                stopped = result.detail
            }
        }
        return report
    }
}
