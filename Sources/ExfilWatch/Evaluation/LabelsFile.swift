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

    public static func parse(_ text: String, path: String) throws -> [Incident] {
        var incidents: [Incident] = []
        var columns: [String: Int]?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let number = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = splitCSV(String(line))
            guard let map = columns else {
                var m: [String: Int] = [:]
                for (i, f) in fields.enumerated() { m[f.trimmingCharacters(in: .whitespaces).lowercased()] = i }
                for required in ["actor", "start", "end"] where m[required] == nil {
                    throw LabelError(path: path, line: number, reason: "header lacks the column '\(required)'")
                }
                columns = m
                continue
            }
            func field(_ name: String) -> String? {
                guard let i = map[name], i < fields.count else { return nil }
                return fields[i].trimmingCharacters(in: .whitespaces)
            }
            guard let actor = field("actor"), !actor.isEmpty else {
                throw LabelError(path: path, line: number, reason: "empty actor")
            }
            guard let startText = field("start"), let start = CivilTime.parseRFC3339(Array(startText.utf8)) else {
                throw LabelError(path: path, line: number, reason: "start is not an RFC 3339 time")
            }
            guard let endText = field("end"), let end = CivilTime.parseRFC3339(Array(endText.utf8)) else {
                throw LabelError(path: path, line: number, reason: "end is not an RFC 3339 time")
            }
            guard end >= start else { throw LabelError(path: path, line: number, reason: "end is before start") }
            incidents.append(Incident(actor: actor, start: start, end: end, scenario: field("scenario") ?? "incident"))
        }
        return incidents
    }

    static func splitCSV(_ line: String) -> [String] {
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
        fields.append(current)
        return fields
    }
}
