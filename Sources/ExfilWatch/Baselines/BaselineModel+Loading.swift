import Foundation

extension BaselineModel {
    /// Reads, checks and validates a model file.
    /// - Throws: ``BaselineModelError`` naming the key and the expected range for a value out of range,
    ///   a missing or unknown key, a wrong type, invalid JSON, or an unreadable file.
    public static func load(path: String) throws -> BaselineModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BaselineModelError(
                key: "", message: "cannot read the model file (\(error.localizedDescription))", file: path)
        }
        do {
            return try decode(json: data)
        } catch var e as BaselineModelError {
            e.file = path
            throw e
        }
    }

    /// Decodes and validates model JSON. See ``load(path:)``.
    public static func decode(json data: Data) throws -> BaselineModel {
        let tree: Any
        do {
            tree = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BaselineModelError(key: "", message: "is not valid JSON (\(error.localizedDescription))")
        }
        let known = try JSONSerialization.jsonObject(with: JSONEncoder().encode(BaselineModel.shipped))
        try rejectUnknownKeys(tree, known: known, path: "")
        let model: BaselineModel
        do {
            model = try JSONDecoder().decode(BaselineModel.self, from: data)
        } catch let error as DecodingError {
            throw BaselineModelError(decoding: error)
        }
        try model.validate()
        return model
    }

    /// A top-level key for notes (e.g. how `tune` chose the values): an array of strings, ignored.
    public static let commentKey = "comment"

    /// The model as file content: pretty JSON with `comment` lines first when given.
    public func fileContent(comment: [String] = []) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(self), !comment.isEmpty,
            let commentJSON = try? encoder.encode(comment)
        else { return (try? encoder.encode(self)) ?? Data() }
        // Splice "comment" in as the first key so a reader sees it before the numbers.
        var text = String(decoding: body, as: UTF8.self)
        let indented = String(decoding: commentJSON, as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
        if let brace = text.firstIndex(of: "{") {
            text.insert(contentsOf: "\n  \"\(Self.commentKey)\" : \(indented),", at: text.index(after: brace))
        }
        return Data((text + "\n").utf8)
    }

    /// Walks the file's JSON against the shipped model's and rejects keys the model does not have, so a
    /// typo (`"thresold"`) is an error rather than a silently ignored setting.
    private static func rejectUnknownKeys(_ value: Any, known: Any, path: String) throws {
        if let object = value as? [String: Any], let knownObject = known as? [String: Any] {
            for key in object.keys.sorted() where !(path.isEmpty && key == commentKey) {
                let sub = path.isEmpty ? key : "\(path).\(key)"
                guard let k = knownObject[key] else {
                    let allowed = knownObject.keys.sorted().joined(separator: ", ")
                    throw BaselineModelError(key: sub, message: "is not a model key (expected one of: \(allowed))")
                }
                try rejectUnknownKeys(object[key]!, known: k, path: sub)
            }
        } else if let array = value as? [Any], let knownArray = known as? [Any], let first = knownArray.first {
            for (i, element) in array.enumerated() {
                try rejectUnknownKeys(element, known: first, path: "\(path)[\(i)]")
            }
        }
    }
}
