#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes alerts to standard output (or any file descriptor) as JSON Lines or readable text.
///
/// Each alert is written with `write(2)` as soon as it is delivered (no buffering: a `tail` shows an
/// alert the moment it fires). When the reader goes away (`exfilwatch scan … | head -1`), the write
/// fails with EPIPE and ``deliver(_:)`` throws ``AlertSinkError/outputClosed``; the command then stops
/// quietly with exit status 0. Call ``ignoreSIGPIPE()`` once at startup so that the closed pipe is
/// reported as EPIPE instead of killing the process.
public final class StdoutAlertSink: AlertSink {
    /// How alerts are written.
    public enum Format: String, Sendable, CaseIterable {
        /// One JSON object per line (``Alert/jsonLine()``), the contract for tools.
        case jsonl
        /// A readable block per alert (``AlertTextRenderer``), with untrusted text escaped.
        case text

        /// JSON Lines on a pipe or file, text on a terminal.
        public static func automatic(fileDescriptor: Int32 = STDOUT_FILENO) -> Format {
            isatty(fileDescriptor) == 1 ? .text : .jsonl
        }
    }

    /// The format in use.
    public let format: Format
    private let fileDescriptor: Int32
    private var closedByReader = false

    /// - Parameters:
    ///   - format: `nil` picks ``Format/automatic(fileDescriptor:)``.
    ///   - fileDescriptor: where to write; stdout by default. Not closed by ``close()``.
    public init(format: Format? = nil, fileDescriptor: Int32 = STDOUT_FILENO) {
        self.format = format ?? .automatic(fileDescriptor: fileDescriptor)
        self.fileDescriptor = fileDescriptor
    }

    /// Makes a write to a closed pipe fail with EPIPE instead of killing the process with SIGPIPE.
    /// Call once at startup, before the first alert is written.
    public static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// The bytes written for one alert in this sink's format.
    public func encode(_ alert: Alert) -> [UInt8] {
        switch format {
        case .jsonl: Array((alert.jsonLine() + "\n").utf8)
        case .text: Array(AlertTextRenderer.render(alert).utf8)
        }
    }

    public func deliver(_ alert: Alert) throws {
        if closedByReader { throw AlertSinkError.outputClosed }
        do {
            try writeAll(encode(alert))
        } catch let error as AlertSinkError where error.code == .outputClosed {
            closedByReader = true
            throw error
        }
    }

    /// Nothing is buffered, so there is nothing to flush; a reader that went away is not an error here
    /// (``deliver(_:)`` already reported it).
    public func close() throws {}

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n >= 0 {
                offset += n
                continue
            }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                // A non-blocking stdout (set by a parent process): wait until it drains.
                var pfd = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pfd, 1, 1000)
            case EPIPE: throw AlertSinkError.outputClosed
            default: throw AlertSinkError.system("write", path: "<stdout>", errno: code)
            }
        }
    }
}
