import ExfilWatch
import Foundation

/// Paths and files shared by the tests.
enum TestSupport {
    /// `Tests/Fixtures/<name>`.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// The package root (for the bundled dataset and the model file).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// A new empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exfilwatch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// `data` compressed by the system `gzip` (a real, independent encoder).
    static func gzip(_ data: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c -n"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(data); try? input.fileHandleForWriting.close()
        }
        writer.start()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return result
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Parses one line and returns the event with its text fields resolved (rewrites made, as the
    /// pipeline makes them).
    static func parse(_ line: String, _ format: LogFormat) -> ParsedLine? {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBytes { m in
            let p = UnsafeRawBufferPointer(m)
            var event = Event()
            guard format.parse(p, into: &event) else { return nil }
            event.applyRewrites(in: m)
            return ParsedLine(
                time: event.time, action: event.action, user: Event.string(event.user, in: p),
                client: Event.string(event.client, in: p), resource: Event.string(event.resource, in: p),
                userAgent: Event.string(event.userAgent, in: p), token: Event.string(event.token, in: p),
                bytes: event.bytes, status: event.status)
        }
    }

    /// Every line of a file read through the real ingest path.
    static func readLines(_ path: String, prefetch: Bool = false) throws(IngestError) -> [String] {
        let reader = try LineReader(path: path, prefetch: prefetch)
        var lines: [String] = []
        while let line = try reader.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }
}

/// An ``Event`` with strings, for assertions.
struct ParsedLine: Equatable {
    var time: Int64
    var action: ActionClass
    var user: String
    var client: String
    var resource: String
    var userAgent: String
    var token: String
    var bytes: Int64
    var status: Int32
}

/// A detector that records what it is given, to test the pipeline's ordering and keying.
struct RecordingDetector: Detector {
    var name: String { "recording" }
    var observations: [Observation] = []
    var watermarks: [Int64] = []

    mutating func observe(_ observation: Observation, emit: (AlertCandidate) -> Void) {
        observations.append(observation)
    }

    mutating func advance(to watermark: Int64, emit: (AlertCandidate) -> Void) {
        watermarks.append(watermark)
    }

    mutating func dropActors(_ actors: IdRemap) {
        observations = observations.compactMap { o in
            var o = o
            guard let id = actors[o.actor] else { return nil }
            o.actor = id
            return o
        }
    }

    func markSources(_ referenced: inout [Bool]) {
        for o in observations where Int(o.source) < referenced.count { referenced[Int(o.source)] = true }
    }

    mutating func renumberSources(_ sources: IdRemap) {
        for i in observations.indices where observations[i].source != Observation.none {
            observations[i].source = sources[observations[i].source] ?? Observation.none
        }
    }
}
