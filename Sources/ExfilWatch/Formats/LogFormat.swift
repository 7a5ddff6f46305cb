/// The log formats exfilwatch reads. `--format auto` picks one per file from its first lines.
public enum LogFormat: String, Sendable, CaseIterable {
    /// nginx/Apache combined or common log format.
    case combined
    /// GitHub audit-log JSON lines.
    case githubAudit = "github-audit"

    /// Parses one line of this format into `event`. Returns false for a malformed line.
    @inlinable
    public func parse(_ line: UnsafeRawBufferPointer, into event: inout Event) -> Bool {
        switch self {
        case .combined: CombinedLogParser().parse(line, into: &event)
        case .githubAudit: GitHubAuditParser().parse(line, into: &event)
        }
    }

    /// ``parse(_:into:)`` for a loop over many lines: `days` keeps the last date's day number. With
    /// `detailOfUnclassified` false, fields that cannot make a line malformed and that no detector
    /// reads may be left out of events classified `.other` (the combined format's user agent).
    @inlinable
    func parse(
        _ line: UnsafeRawBufferPointer, into event: inout Event, days: inout DayCache,
        detailOfUnclassified: Bool = true
    ) -> Bool {
        switch self {
        case .combined:
            CombinedLogParser().parse(line, into: &event, days: &days, userAgentOfUnclassified: detailOfUnclassified)
        case .githubAudit: GitHubAuditParser().parse(line, into: &event)
        }
    }

    /// Guesses the format of a sample of lines: the format that parses the most of them, nil when
    /// none parses any. A JSON object line counts for `github-audit` only if it parses.
    public static func detect(sample lines: [[UInt8]]) -> LogFormat? {
        var best: (LogFormat, Int)?
        for format in allCases {
            var ok = 0
            var event = Event()
            for line in lines {
                if line.withUnsafeBytes({ format.parse($0, into: &event) }) { ok += 1 }
            }
            if ok > 0 && ok > (best?.1 ?? 0) { best = (format, ok) }
        }
        return best?.0
    }
}
