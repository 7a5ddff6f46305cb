/// Data for one per-actor chart of the HTML report: the actor's counts over time against the band
/// of what is usual for it, with the labeled incident shaded and alerts marked.
public struct ReportChart: Sendable {
    public var title: String
    public var subtitle: String
    /// (bucket start seconds UTC, transfers in the bucket).
    public var points: [(time: Int64, count: Int)]
    /// Typical count per bucket for this actor (mean outside the incident).
    public var expected: Double
    /// Upper edge of the usual band (99.9% Poisson quantile around `expected`).
    public var upper: Double
    public var incident: ClosedRange<Int64>?
    public var alertTimes: [Int64]

    public init(
        title: String, subtitle: String, points: [(time: Int64, count: Int)], incident: ClosedRange<Int64>?,
        alertTimes: [Int64]
    ) {
        self.title = title
        self.subtitle = subtitle
        self.points = points
        self.incident = incident
        self.alertTimes = alertTimes
        let outside = points.filter { p in incident.map { !$0.contains(p.time) } ?? true }
        let mean = outside.isEmpty ? 0 : Double(outside.reduce(0) { $0 + $1.count }) / Double(outside.count)
        expected = mean
        upper = mean + 3.1 * mean.squareRoot() + 1
    }

    /// An SVG line chart, `width` × `height` pixels.
    func svg(width: Int = 560, height: Int = 170) -> String {
        guard let first = points.first, let last = points.last, last.time > first.time else { return "" }
        let left = 40.0
        let bottom = Double(height) - 22
        let top = 8.0
        let right = Double(width) - 8
        let maxY = max(Double(points.map(\.count).max() ?? 1), upper, 1) * 1.1
        func x(_ t: Int64) -> Double { left + (right - left) * Double(t - first.time) / Double(last.time - first.time) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * v / maxY }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        if let incident {
            let x0 = x(max(incident.lowerBound, first.time))
            let x1 = x(min(incident.upperBound, last.time))
            s +=
                "<rect x=\"\(svgNumber(x0))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(max(x1 - x0, 2)))\" height=\"\(svgNumber(bottom - top))\" fill=\"#fde2e2\"/>"
        }
        s +=
            "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(y(upper)))\" width=\"\(svgNumber(right - left))\" height=\"\(svgNumber(y(0) - y(upper)))\" fill=\"#e3eefc\"/>"
        s +=
            "<line x1=\"\(svgNumber(left))\" x2=\"\(svgNumber(right))\" y1=\"\(svgNumber(y(expected)))\" y2=\"\(svgNumber(y(expected)))\" stroke=\"#5b8def\" stroke-dasharray=\"4 3\"/>"
        let path = points.map { "\(svgNumber(x($0.time))),\(svgNumber(y(Double($0.count))))" }.joined(separator: " ")
        s += "<polyline fill=\"none\" stroke=\"#222\" stroke-width=\"1.2\" points=\"\(path)\"/>"
        for t in alertTimes where t >= first.time && t <= last.time {
            s +=
                "<line x1=\"\(svgNumber(x(t)))\" x2=\"\(svgNumber(x(t)))\" y1=\"\(svgNumber(top))\" y2=\"\(svgNumber(bottom))\" stroke=\"#d33\" stroke-width=\"1.5\"/>"
        }
        s +=
            "<line x1=\"\(svgNumber(left))\" x2=\"\(svgNumber(right))\" y1=\"\(svgNumber(bottom))\" y2=\"\(svgNumber(bottom))\" stroke=\"#999\"/>"
        s += "<text x=\"4\" y=\"\(svgNumber(top + 10))\" font-size=\"10\" fill=\"#555\">\(Int(maxY / 1.1))</text>"
        s += "<text x=\"4\" y=\"\(svgNumber(bottom))\" font-size=\"10\" fill=\"#555\">0</text>"
        s +=
            "<text x=\"\(svgNumber(left))\" y=\"\(height - 6)\" font-size=\"10\" fill=\"#555\">\(CivilTime.rfc3339(first.time))</text>"
        s +=
            "<text x=\"\(svgNumber(right))\" y=\"\(height - 6)\" font-size=\"10\" fill=\"#555\" text-anchor=\"end\">\(CivilTime.rfc3339(last.time))</text>"
        return s + "</svg>"
    }
}

/// Two decimals for SVG coordinates.
func svgNumber(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(r)
}
