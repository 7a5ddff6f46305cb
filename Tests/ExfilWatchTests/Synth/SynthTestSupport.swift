import CZlib
import ExfilWatchSynth
import Foundation

/// Errors raised by the test helpers themselves.
struct SynthTestError: Error, CustomStringConvertible {
    var description: String
}

/// Decompresses a whole gzip file with zlib's inflate (`windowBits` 15 + 32: gzip or zlib header).
func gunzip(path: String) throws -> [UInt8] {
    let input = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deallocate() }
    guard exfilwatch_inflateInit2(stream, 15 + 32) == Z_OK else { throw SynthTestError(description: "inflateInit2") }
    defer { inflateEnd(stream) }
    var output: [UInt8] = []
    let chunk = 1 << 16
    var buffer = [UInt8](repeating: 0, count: chunk)
    var status: Int32 = Z_OK
    try input.withUnsafeBufferPointer { source in
        stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
        stream.pointee.avail_in = uInt(source.count)
        while status != Z_STREAM_END {
            let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(chunk)
                status = inflate(stream, Z_NO_FLUSH)
                return chunk - Int(stream.pointee.avail_out)
            }
            guard status == Z_OK || status == Z_STREAM_END else {
                throw SynthTestError(description: "inflate failed with \(status) for \(path)")
            }
            output.append(contentsOf: buffer[0..<produced])
            if status == Z_OK && produced == 0 && stream.pointee.avail_in == 0 {
                throw SynthTestError(description: "truncated gzip stream in \(path)")
            }
        }
    }
    return output
}

/// Splits bytes into lines (without the newline).
func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map { $0 }
}

/// A parsed nginx combined line.
struct CombinedLine: Sendable {
    var ip: String
    var user: String
    /// `$time_local` converted to UTC epoch seconds.
    var epochSeconds: Int64
    /// The offset text as logged, e.g. `+0530`.
    var offset: String
    var request: String
    var status: Int
    var bytes: Int64
    var referer: String
    var userAgent: String

    /// The request path (second word of the request line), or "" for odd requests.
    var path: String {
        let parts = request.split(separator: " ")
        return parts.count >= 2 ? String(parts[1]) : ""
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses a line that has exactly the combined shape
    /// `^\S+ - \S+ \[dd/Mon/yyyy:HH:MM:SS [+-]hhmm\] "request" \d{3} \d+ "referer" "agent"$`
    /// (the request may contain `\"`-style escapes); `nil` otherwise. Hand-written: Swift `Regex` is too
    /// slow in debug builds for tens of thousands of lines.
    static func parse(_ line: ArraySlice<UInt8>) -> CombinedLine? {
        var p = ByteCursor(bytes: Array(line))
        guard let ip = p.token(until: UInt8(ascii: " ")), p.expect(" - "),
            let user = p.token(until: UInt8(ascii: " ")), p.expect(" ["),
            let day = p.digits(2), p.expect("/"), let monthText = p.take(3), p.expect("/"),
            let year = p.digits(4), p.expect(":"), let hour = p.digits(2), p.expect(":"),
            let minute = p.digits(2), p.expect(":"), let second = p.digits(2), p.expect(" "),
            let offsetText = p.take(5), p.expect("] \""), let request = p.quoted(escapes: true), p.expect(" "),
            let status = p.digits(3), p.expect(" "), let bytes = p.number(), p.expect(" \""),
            let referer = p.quoted(escapes: false), p.expect(" \""), let agent = p.quoted(escapes: false), p.atEnd,
            let month = months.firstIndex(of: monthText), let offsetMinutes = SynthConfig.parseOffset(offsetText),
            !ip.contains(" "), !user.contains(" ")
        else { return nil }
        let local = Int64(daysFromCivil(year, month + 1, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return CombinedLine(
            ip: ip, user: user, epochSeconds: local - Int64(offsetMinutes) * 60, offset: offsetText,
            request: request, status: status, bytes: Int64(bytes), referer: referer, userAgent: agent)
    }
}

/// A forward-only reader over one line's bytes, for `CombinedLine.parse`.
struct ByteCursor {
    var bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func expect(_ literal: String) -> Bool {
        for b in literal.utf8 {
            guard index < bytes.count, bytes[index] == b else { return false }
            index += 1
        }
        return true
    }

    /// A non-empty run of bytes up to (not including) `stop`.
    mutating func token(until stop: UInt8) -> String? {
        let start = index
        while index < bytes.count, bytes[index] != stop { index += 1 }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    mutating func take(_ n: Int) -> String? {
        guard index + n <= bytes.count else { return nil }
        defer { index += n }
        return String(decoding: bytes[index..<index + n], as: UTF8.self)
    }

    mutating func digits(_ n: Int) -> Int? {
        guard index + n <= bytes.count else { return nil }
        var value = 0
        for b in bytes[index..<index + n] {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
        }
        index += n
        return value
    }

    mutating func number() -> Int? {
        var value = 0
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return index > start ? value : nil
    }

    /// Text up to the closing quote (which is consumed); with `escapes`, a backslash protects the next byte.
    mutating func quoted(escapes: Bool) -> String? {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if escapes && bytes[index] == UInt8(ascii: "\\") { index += 1 }
            index += 1
        }
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, independent of the generator's).
func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// Parses `2025-11-09T00:25:00Z` into epoch seconds.
func parseRFC3339(_ text: String) -> Int64? {
    guard let m = text.wholeMatch(of: #/(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z/#),
        let y = Int(m.1), let mo = Int(m.2), let d = Int(m.3), let h = Int(m.4), let mi = Int(m.5), let s = Int(m.6)
    else { return nil }
    return Int64(daysFromCivil(y, mo, d)) * 86_400 + Int64(h * 3600 + mi * 60 + s)
}

/// A row of `labels.csv` or `negatives.csv`.
struct WindowCSVRow: Sendable {
    var actor: String
    var start: Int64
    var end: Int64
    var name: String
}

/// Reads a window CSV, checking the header; malformed rows throw.
func readWindowCSV(_ path: String, header: String) throws -> [WindowCSVRow] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.last == "" else { throw SynthTestError(description: "\(path) lacks a final newline") }
    lines.removeLast()
    guard lines.first == header else { throw SynthTestError(description: "\(path) header is \(lines.first ?? "")") }
    return try lines.dropFirst().map { line in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4, !fields[0].isEmpty, let start = parseRFC3339(fields[1]),
            let end = parseRFC3339(fields[2])
        else { throw SynthTestError(description: "bad row in \(path): \(line)") }
        return WindowCSVRow(actor: fields[0], start: start, end: end, name: fields[3])
    }
}

/// One audit line parsed with `JSONSerialization`, flattened into Sendable tables.
struct AuditEvent: Sendable {
    var keys: Set<String> = []
    var strings: [String: String] = [:]
    var ints: [String: Int64] = [:]
    var bools: [String: Bool] = [:]

    init?(_ raw: ArraySlice<UInt8>) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any] else { return nil }
        for (key, value) in object {
            keys.insert(key)
            if let text = value as? String {
                strings[key] = text
            } else if let number = value as? NSNumber {
                // JSONSerialization gives NSNumber for both booleans and integers; booleans have type "c".
                if String(cString: number.objCType) == "c" {
                    bools[key] = number.boolValue
                } else {
                    ints[key] = number.int64Value
                }
            }
        }
    }

    var action: String { strings["action"] ?? "" }
    var actor: String? { strings["actor"] }
    var timestamp: Int64 { ints["@timestamp"] ?? -1 }
}

/// A small generated dataset shared by the read-only tests (generated and parsed once per test process).
struct SynthDataset: Sendable {
    var directory: String
    var manifest: SynthManifest
    /// Decompressed bytes per log file name.
    var logs: [String: [UInt8]]
    /// Parsed combined lines per file, and how many lines did not parse.
    var combined: [String: [CombinedLine]] = [:]
    var combinedUnparsed: [String: Int] = [:]
    /// Parsed audit events and how many lines did not parse.
    var audit: [AuditEvent] = []
    var auditUnparsed = 0

    /// 4 days, 40 users, 2 nginx servers, `+0530`, one incident of each scenario.
    static let shared: Result<SynthDataset, any Error> = Result { try make() }

    static func make() throws -> SynthDataset {
        var config = SynthConfig(outputDirectory: temporaryDirectory("shared"))
        config.days = 4
        config.users = 40
        config.repos = 120
        config.servers = 2
        config.incidents = 6
        config.timeZoneOffsetMinutes = 330
        config.seed = 7
        let manifest = try SynthGenerator(config: config).run()
        var data = SynthDataset(directory: config.outputDirectory, manifest: manifest, logs: [:])
        for file in manifest.files where file.format != "csv" {
            let bytes = try gunzip(path: config.outputDirectory + "/" + file.name)
            data.logs[file.name] = bytes
            if file.format == "combined" {
                var parsed: [CombinedLine] = []
                var unparsed = 0
                for raw in splitLines(bytes) {
                    if let line = CombinedLine.parse(raw) { parsed.append(line) } else { unparsed += 1 }
                }
                data.combined[file.name] = parsed
                data.combinedUnparsed[file.name] = unparsed
            } else {
                for raw in splitLines(bytes) {
                    if let event = AuditEvent(raw) { data.audit.append(event) } else { data.auditUnparsed += 1 }
                }
            }
        }
        return data
    }

    /// Every combined line of every server.
    var allCombined: [CombinedLine] { combined.keys.sorted().flatMap { combined[$0] ?? [] } }
}

/// A fresh, unique directory path under the system temporary directory (not created).
func temporaryDirectory(_ tag: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("exfilwatch-synth-\(tag)-\(UUID().uuidString)").path
}

/// Deletes test output directories (best effort).
func removeDirectories(_ paths: String...) {
    for path in paths { try? FileManager.default.removeItem(atPath: path) }
}

/// Every file of a directory, by name, as bytes.
func directoryContents(_ path: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: path) {
        result[name] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
    }
    return result
}
