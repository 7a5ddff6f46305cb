import Foundation

/// Renders an alert as a readable multi-line block for a terminal.
///
/// Every string that came from the logs (actor, reason, repositories, addresses, signal names, even
/// the id and detector) goes through ``TerminalEscaper``, so nothing in an alert can drive the
/// terminal. Example:
///
/// ```
/// HIGH  alice  score 12.34  detector baseline
///   id       3f2a9c0d1e4b.r1
///   window   2025-11-09T00:20:00Z → 2025-11-09T00:30:00Z (detected 2025-11-09T00:25:00Z)
///   reason   412 clones in 10m, usually 3
///   signals  signal  scale  observed  expected   p-value
///            clones  10m       412.0       3.1  1.2e-40
///   repos    acme/ledger, acme/infra
///   sources  203.0.113.9
/// ```
public enum AlertTextRenderer {
    /// The block for one alert, ending with a newline and followed by an empty line.
    public static func render(_ alert: Alert) -> String {
        let e = TerminalEscaper.escape
        var lines: [String] = []
        lines.append(
            "\(alert.severity.rawValue.uppercased())  \(e(alert.actor))  score \(number(alert.score, 2))"
                + "  detector \(e(alert.detector))")
        lines.append("  id       \(e(alert.id))")
        lines.append(
            "  window   \(CivilTime.rfc3339(alert.windowStart)) → \(CivilTime.rfc3339(alert.windowEnd))"
                + " (detected \(CivilTime.rfc3339(alert.detectedAt)))")
        lines.append("  reason   \(e(alert.reason))")
        if !alert.signals.isEmpty {
            lines.append(contentsOf: signalTable(alert.signals))
        }
        if !alert.exampleResources.isEmpty {
            lines.append("  repos    " + alert.exampleResources.map(e).joined(separator: ", "))
        }
        if !alert.exampleSourceIPs.isEmpty {
            lines.append("  sources  " + alert.exampleSourceIPs.map(e).joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// The signals as an aligned table; the first row carries the `signals` label.
    static func signalTable(_ signals: [Alert.Signal]) -> [String] {
        let header = ["signal", "scale", "observed", "expected", "p-value"]
        let rows =
            [header]
            + signals.map { s in
                [
                    TerminalEscaper.escape(s.name), TerminalEscaper.escape(s.scale),
                    s.name == BaselineSignal.bytesOut.name
                        ? BaselineSignal.formatBytes(s.observed) : number(s.observed, 1),
                    s.name == BaselineSignal.bytesOut.name
                        ? BaselineSignal.formatBytes(s.expected) : number(s.expected, 1),
                    String(format: "%.1e", s.pValue),
                ]
            }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows {
            for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) }
        }
        return rows.enumerated().map { index, row in
            let cells = row.enumerated().map { k, cell in
                let pad = String(repeating: " ", count: widths[k] - cell.count)
                return k < 2 ? cell + pad : pad + cell  // names left-aligned, numbers right-aligned
            }
            return (index == 0 ? "  signals  " : "           ") + cells.joined(separator: "  ")
        }
    }

    private static func number(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : String(describing: value)
    }
}
