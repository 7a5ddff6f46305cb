import ExfilWatch
import Foundation
import SyntheticLogs

/// One generated log, in memory and on disk (plain and gzip), shared by the benchmarks.
///
/// Built once per benchmark process, on first use: the bytes come from ``SyntheticLogs`` with a fixed
/// seed, so every run measures the same input; the gzip copy is made by the system `gzip -6`, the
/// level logrotate uses, so inflate speed matches real archives. Files are cached in
/// `$TMPDIR/exfilwatch-bench/`, named by a hash of their content, and reused by later processes.
final class Corpus: Sendable {
    /// Uncompressed size of each corpus, bytes.
    static let size = 32 << 20

    /// nginx combined log of a git server (about 170 000 lines, 2 hours).
    static let combined = Corpus(name: "combined", bytes: size) { population, w in
        var g = CombinedLogGenerator(population: population, seed: 11, start: 1_762_128_000, linesPerSecond: 24)
        g.append(to: &w, untilCount: size)
    }

    /// GitHub audit-log JSON lines (about 60 000 lines).
    static let audit = Corpus(name: "github-audit", bytes: size) { population, w in
        var g = AuditLogGenerator(population: population, seed: 12, start: 1_762_128_000, linesPerSecond: 8)
        g.append(to: &w, untilCount: size)
    }

    let name: String
    /// The whole log.
    let bytes: [UInt8]
    /// Each line's range in ``bytes``, without its newline.
    let lines: [Range<Int>]
    /// The log as a plain file and as a gzip file (`gzip -6`) in a temporary directory.
    let plainPath: String
    let gzipPath: String
    /// The gzip file's size, bytes.
    let gzipSize: Int

    /// Uncompressed size in decimal megabytes, for MB/s.
    var megabytes: Double { Double(bytes.count) / 1e6 }

    private init(name: String, bytes size: Int, generate: (Population, inout ByteWriter) -> Void) {
        self.name = name
        var w = ByteWriter(capacity: size + 4096)
        generate(Population(), &w)
        bytes = w.bytes
        var lines: [Range<Int>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            lines.append(start..<i)
            start = i + 1
        }
        self.lines = lines
        let base = Self.cachePath(name: name, bytes: bytes[...])
        plainPath = base + ".log"
        gzipPath = base + ".log.gz"
        gzipSize = Self.store(bytes[...], plain: plainPath, gzip: gzipPath)
    }

    /// `$TMPDIR/exfilwatch-bench/<name>-<size>-<FNV-1a of the bytes>` (without extension).
    private static func cachePath(name: String, bytes: ArraySlice<UInt8>) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exfilwatch-bench").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/\(name)-\(bytes.count)-\(String(h, radix: 16))"
    }

    /// Writes `bytes` to `plain` and its gzip to `gzip` unless both exist; returns the gzip size.
    /// Files are written under a temporary name and renamed, so concurrent processes never see half.
    private static func store(_ bytes: ArraySlice<UInt8>, plain: String, gzip gzipPath: String) -> Int {
        let fm = FileManager.default
        if let size = (try? fm.attributesOfItem(atPath: gzipPath)[.size]) as? Int, fm.fileExists(atPath: plain) {
            return size
        }
        let suffix = ".tmp-\(getpid())"
        guard fm.createFile(atPath: plain + suffix, contents: Data(bytes)) else { fatalError("cannot write \(plain)") }
        _ = rename(plain + suffix, plain)
        let size = gzip(plain, to: gzipPath + suffix)
        _ = rename(gzipPath + suffix, gzipPath)
        return size
    }

    /// Compresses `path` with the system `gzip -6 -n` into `output`; returns the compressed size.
    private static func gzip(_ path: String, to output: String) -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -6 -n -c \"$0\" > \"$1\"", path, output]
        do { try process.run() } catch { fatalError("cannot run gzip: \(error)") }
        process.waitUntilExit()
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? nil
        guard process.terminationStatus == 0, let size else { fatalError("gzip failed for \(path)") }
        return size
    }

    /// Calls `body` with each line as raw bytes.
    @inline(__always)
    func forEachLine(_ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { all in
            for r in lines { body(UnsafeRawBufferPointer(rebasing: all[r])) }
        }
    }

    /// The first `count` bytes, cut after a newline, as a cached gzip file: (path, uncompressed bytes).
    func gzipPrefix(_ count: Int) -> (path: String, bytes: Int) {
        var end = min(count, bytes.count)
        while end < bytes.count && bytes[end - 1] != 0x0A { end += 1 }
        let base = Self.cachePath(name: name, bytes: bytes[0..<end])
        _ = Self.store(bytes[0..<end], plain: base + ".log", gzip: base + ".log.gz")
        return (base + ".log.gz", end)
    }
}
