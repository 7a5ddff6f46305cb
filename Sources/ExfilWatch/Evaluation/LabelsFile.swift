import Foundation

/// Reads `labels.csv`: a header `actor,start,end,scenario`, then one incident per line with RFC 3339
/// UTC times. Fields may be double-quoted (`"a,b"`, `""` for a quote). Blank lines and lines
/// starting with `#` are ignored.
public enum LabelsFile {
    public static func load(path: String) throws -> [Incident] {
        let text: String
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else { throw LabelError(path: path, line: 0, reason: "no such file") }
        guard fm.isReadableFile(atPath: path) else {
            throw LabelError(path: path, line: 0, reason: "cannot read: permission denied")
        }
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw LabelError(path: path, line: 0, reason: "cannot read: not a UTF-8 text file")
        }
        return try parse(text, path: path)
    }

    /// The columns a header may name; `actor`, `start` and `end` are required.
    static let knownColumns = ["actor", "start", "end", "scenario"]

    /// - Throws: ``LabelError`` naming the line for a bad header or row, and for a file without incidents
    ///   (recall over no incidents would read as a perfect 1.00, and `tune` would tune on nothing).
    public static func parse(_ text: String, path: String) throws -> [Incident] {
        var incidents: [Incident] = []
        var columns: [String: Int]?
        var width = 0
        // CRLF (Excel, Python's csv module) is one Character in Swift, so split on any line break.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            guard let fields = splitCSV(String(line)) else {
                throw LabelError(path: path, line: number, reason: "a quoted field is not closed")
            }
            guard let map = columns else {
                columns = try header(fields, path: path, line: number)
                width = fields.count
                continue
            }
            guard fields.count <= width, fields.count > max(map["actor"]!, map["start"]!, map["end"]!) else {
                throw LabelError(path: path, line: number, reason: "\(fields.count) fields, the header has \(width)")
            }
            func field(_ name: String) -> String? {
                guard let i = map[name], i < fields.count else { return nil }
                return fields[i].trimmingCharacters(in: .whitespaces)
            }
            guard let actor = field("actor"), !actor.isEmpty else {
                throw LabelError(path: path, line: number, reason: "empty actor")
            }
            let start = try time(field("start"), "start", path: path, line: number)
            let end = try time(field("end"), "end", path: path, line: number)
            guard end >= start else { throw LabelError(path: path, line: number, reason: "end is before start") }
            let scenario = field("scenario").flatMap { $0.isEmpty ? nil : $0 } ?? "incident"
            incidents.append(Incident(actor: actor, start: start, end: end, scenario: scenario))
        }
        guard columns != nil else { throw LabelError(path: path, line: 0, reason: "empty: no header line") }
        guard !incidents.isEmpty else {
            throw LabelError(path: path, line: 0, reason: "no incidents: at least one labeled incident is needed")
        }
        return incidents
    }

    private static func header(_ fields: [String], path: String, line: Int) throws -> [String: Int] {
        var m: [String: Int] = [:]
        for (i, f) in fields.enumerated() {
            let name = f.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{FEFF}"])).lowercased()
            guard knownColumns.contains(name) else {
                throw LabelError(
                    path: path, line: line,
                    reason: "unknown column '\(name)' (the columns are \(knownColumns.joined(separator: ", ")))")
            }
            guard m[name] == nil else { throw LabelError(path: path, line: line, reason: "column '\(name)' twice") }
            m[name] = i
        }
        for required in ["actor", "start", "end"] where m[required] == nil {
            throw LabelError(path: path, line: line, reason: "header lacks the column '\(required)'")
        }
        return m
    }

    /// An RFC 3339 time with its date, time and zone (`Z` or `±hh:mm`): a time without a zone would be
    /// read as UTC and shift the incident by the writer's offset without a word.
    private static func time(_ text: String?, _ name: String, path: String, line: Int) throws -> Int64 {
        let bytes = Array((text ?? "").utf8)
        let zoned =
            bytes.count >= 20
            && (bytes.last == UInt8(ascii: "Z") || bytes.last == UInt8(ascii: "z")
                || (bytes[bytes.count - 3] == UInt8(ascii: ":")
                    && (bytes[bytes.count - 6] == UInt8(ascii: "+") || bytes[bytes.count - 6] == UInt8(ascii: "-"))))
        guard zoned, let t = CivilTime.parseRFC3339(bytes) else {
            throw LabelError(
                path: path, line: line,
                reason: "\(name) is not an RFC 3339 time with a zone (e.g. 2025-11-05T11:26:04Z)")
        }
        return t
    }

    /// The fields of one CSV line; nil when a quoted field is not closed.
    static func splitCSV(_ line: String) -> [String]? {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" {
                            current.append("\"")
                        } else {
                            quoted = false
                            if n == "," {
                                fields.append(current)
                                current = ""
                            } else {
                                current.append(n)
                            }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        if quoted { return nil }
        fields.append(current)
        return fields
    }
}
