/// A model file that cannot be used: which key, what was expected, and (when known) which file.
public struct BaselineModelError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Dotted path of the offending key, e.g. `scales[1].bucket`; empty for the whole file.
    public var key: String
    /// What is wrong and what range is expected.
    public var message: String
    /// The file, when the model was loaded from one.
    public var file: String?

    public init(key: String, message: String, file: String? = nil) {
        self.key = key
        self.message = message
        self.file = file
    }

    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        return key.isEmpty ? "\(prefix)\(message)" : "\(prefix)`\(key)` \(message)"
    }
}

extension BaselineModelError {
    /// Turns a decoder error into one that names the key path.
    init(decoding error: DecodingError) {
        func render(_ path: [any CodingKey]) -> String {
            var s = ""
            for k in path {
                if let i = k.intValue, k.stringValue == "Index \(i)" || Int(k.stringValue) == i {
                    s += "[\(i)]"
                } else {
                    s += s.isEmpty ? k.stringValue : ".\(k.stringValue)"
                }
            }
            return s
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            self.init(key: render(ctx.codingPath + [key]), message: "is missing (every key of the model is required)")
        case .typeMismatch(let type, let ctx):
            self.init(key: render(ctx.codingPath), message: "has the wrong type (expected \(type))")
        case .valueNotFound(let type, let ctx):
            self.init(key: render(ctx.codingPath), message: "must not be null (expected \(type))")
        case .dataCorrupted(let ctx):
            self.init(key: render(ctx.codingPath), message: "is invalid (\(ctx.debugDescription))")
        @unknown default:
            self.init(key: "", message: "cannot be decoded (\(error))")
        }
    }
}
