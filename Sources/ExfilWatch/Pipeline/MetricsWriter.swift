/// Writes `tail`'s counters in the Prometheus text exposition format for node_exporter's textfile
/// collector (`--collector.textfile.directory`): every metric with `# HELP` and `# TYPE`, label
/// values escaped, the file replaced atomically so the collector never reads half of it.
///
/// The file is mode 0644 (node_exporter usually runs as another user); it holds counts and the
/// paths of the followed files, nothing from the log lines.
public struct MetricsWriter: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Renders `status` and writes it.
    /// - Throws: ``TailError`` `.writeFailed` naming the metrics path.
    public func write(_ status: TailStatus) throws(TailError) {
        do {
            try AtomicFile.write(
                Array(Self.render(status).utf8), to: path, mode: 0o644, followingDirectoryLink: true)
        } catch {
            throw TailError(kind: .writeFailed, path: error.path, reason: "\(error.operation) failed: \(error.reason)")
        }
    }

    /// The exposition text of `status`.
    public static func render(_ status: TailStatus) -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for s in samples { out += "\(name)\(s.labels) \(s.value)\n" }
        }
        func one(_ name: String, _ type: String, _ help: String, _ value: String) {
            metric(name, type, help, [("", value)])
        }
        one("exfilwatch_lines_total", "counter", "Log lines read.", "\(status.lines)")
        one("exfilwatch_events_total", "counter", "Lines parsed as events.", "\(status.events)")
        one(
            "exfilwatch_malformed_lines_total", "counter", "Lines that did not parse in their format.",
            "\(status.malformedLines)")
        one(
            "exfilwatch_overlong_lines_total", "counter", "Lines longer than --max-line-length, skipped.",
            "\(status.overlongLines)")
        one(
            "exfilwatch_late_events_total", "counter", "Events dropped for arriving later than the allowed lateness.",
            "\(status.lateEvents)")
        one("exfilwatch_alerts_total", "counter", "Alerts delivered.", "\(status.alerts)")
        one(
            "exfilwatch_duplicate_alerts_total", "counter",
            "Alerts not delivered again because their id was delivered before.", "\(status.duplicateAlerts)")
        one("exfilwatch_checkpoints_total", "counter", "Checkpoints written.", "\(status.checkpoints)")
        one("exfilwatch_actors", "gauge", "Actors tracked by the detector.", "\(status.actors)")
        one(
            "exfilwatch_dropped_actors_total", "counter",
            "Actors dropped with their baselines to stay under --max-actors.",
            "\(status.droppedActors)")
        one(
            "exfilwatch_seconds_behind", "gauge",
            "Wall clock minus the newest event time while a backlog is read; 0 when caught up.",
            format(status.secondsBehind))
        if let newest = status.newestEventTime {
            one(
                "exfilwatch_newest_event_timestamp_seconds", "gauge",
                "Event time of the newest event read, seconds since the epoch.", "\(newest)")
        }
        let files = uniquePaths(status.files)
        metric(
            "exfilwatch_file_offset_bytes", "gauge", "Offset up to which a followed file has been read.",
            files.map { ("{path=\"\(escape($0.path))\"}", "\($0.offset)") })
        metric(
            "exfilwatch_file_size_bytes", "gauge", "Size of a followed file at the last poll.",
            files.map { ("{path=\"\(escape($0.path))\"}", "\($0.size)") })
        return out
    }

    /// One entry per path: a file rotated away (still being read to its end) can share its last
    /// path with the new file there; the later entry (the live file) is kept, so no series repeats.
    static func uniquePaths(_ files: [TailStatus.File]) -> [TailStatus.File] {
        var last: [String: Int] = [:]
        for (i, f) in files.enumerated() { last[f.path] = i }
        return files.indices.filter { last[files[$0].path] == $0 }.map { files[$0] }
    }

    /// A label value with `\`, `"` and newline escaped as the exposition format requires, and other
    /// characters that could drive a terminal (a file name's ESC) as the text `\x1b` (its backslash
    /// escaped too), so that `cat` of the metrics file stays inert.
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for c in value.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default:
                if TerminalEscaper.needsEscaping(c) {
                    out += "\\" + TerminalEscaper.escape(String(c))
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    static func format(_ v: Double) -> String {
        v.isFinite ? String((v * 1000).rounded() / 1000) : "0"
    }
}
