import ExfilWatch
import Logging

/// `tail`'s log handler: swift-log's stderr handler with every message and metadata value passed
/// through ``TerminalEscaper/escapeMessage(_:)`` first, since both carry file names found by globs
/// and rotation, which whoever names files in a log directory controls.
struct EscapingLogHandler: LogHandler {
    var inner: StreamLogHandler

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var safe = event
        safe.message = "\(TerminalEscaper.escapeMessage(event.message.description))"
        safe.metadata = event.metadata.map { $0.mapValues(Self.escape) }
        inner.log(event: safe)
    }

    static func escape(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let s): .string(TerminalEscaper.escapeMessage(s))
        case .stringConvertible(let c): .string(TerminalEscaper.escapeMessage(c.description))
        case .array(let values): .array(values.map(escape))
        case .dictionary(let d): .dictionary(d.mapValues(escape))
        }
    }
}
