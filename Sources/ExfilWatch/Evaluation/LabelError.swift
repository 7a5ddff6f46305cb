/// A `labels.csv` problem, with the file and line.
public struct LabelError: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// 1-based; 0 when the problem is the whole file (missing, unreadable, without incidents).
    public var line: Int
    public var reason: String

    public var description: String { line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)" }
}
