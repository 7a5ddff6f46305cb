/// A `labels.csv` problem, with the file and line.
public struct LabelError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var reason: String

    public var description: String { "\(path):\(line): \(reason)" }
}
