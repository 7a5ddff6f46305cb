import CZlib
import ExfilWatch
import Foundation
import Testing

/// Every built ``InflateBackend`` (zlib always; ISA-L with `--traits ISAL`) decodes alike: the same
/// bytes, members, padding rule and error kinds and offsets.
@Suite("Ingest: inflate backends")
struct InflateBackendTests {
    let text =
        (0..<20_000).map { "10.0.\($0 % 250).\($0 % 7) - user\($0 % 300) GET /org\($0 % 9)/repo\($0).git \($0 * 7)" }
        .joined(separator: "\n") + "\n"

    /// All decoded bytes of `path`, read through `backend` with output chunks of `chunk` bytes.
    static func decode(_ path: String, _ backend: InflateBackend, chunk: Int = 1 << 20) throws(IngestError) -> [UInt8] {
        let input = try DecodedInput(path: path, backend: backend)
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try input.read(into: buffer)
            if n == 0 { return out }
            out.append(contentsOf: buffer[0..<n])
        }
    }

    @Test(
        "multi-member gzip decodes to the original bytes with any output chunk size",
        arguments: InflateBackend.allCases)
    func members(backend: InflateBackend) throws {
        let dir = try TestSupport.temporaryDirectory()
        let bytes = Data(text.utf8)
        var joined = try TestSupport.gzip(bytes.prefix(300_000))
        joined.append(try TestSupport.gzip(Data()))
        joined.append(try TestSupport.gzip(bytes.dropFirst(300_000)))
        joined.append(Data(repeating: 0, count: 100))
        try joined.write(to: URL(fileURLWithPath: dir + "/m.gz"))
        for chunk in [1, 7, 4096, 65_537, 1 << 20] {
            #expect(try Self.decode(dir + "/m.gz", backend, chunk: chunk) == [UInt8](bytes), "chunk \(chunk)")
        }
    }

    @Test("truncation is reported at the same offset as zlib reports it", arguments: InflateBackend.allCases)
    func truncated(backend: InflateBackend) throws {
        let dir = try TestSupport.temporaryDirectory()
        let full = try TestSupport.gzip(Data(text.utf8))
        for cut in [5, full.count / 3, full.count - 4, full.count - 1] {
            try full.prefix(cut).write(to: URL(fileURLWithPath: dir + "/t.gz"))
            do {
                _ = try Self.decode(dir + "/t.gz", backend)
                Issue.record("no error at cut \(cut)")
            } catch {
                #expect(error.kind == .truncatedGzip, "cut \(cut)")
                #expect(error.offset == Int64(cut), "cut \(cut)")
            }
        }
    }

    @Test("corrupt data, a bad checksum and trailing junk are corrupt-gzip errors", arguments: InflateBackend.allCases)
    func corrupt(backend: InflateBackend) throws {
        let dir = try TestSupport.temporaryDirectory()
        let good = [UInt8](try TestSupport.gzip(Data(text.utf8)))
        var flipped = good
        for i in 2000..<2400 { flipped[i] ^= 0x5A }
        var badCRC = good
        badCRC[good.count - 6] ^= 0xFF
        var badLength = good
        badLength[good.count - 2] ^= 0x01
        let junk = good + Array("junk".utf8)
        for (name, bytes) in [("flipped", flipped), ("crc", badCRC), ("length", badLength), ("junk", junk)] {
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/c.gz"))
            do {
                _ = try Self.decode(dir + "/c.gz", backend)
                Issue.record("no error for \(name)")
            } catch {
                #expect(error.kind == .corruptGzip, "\(name)")
                #expect(error.offset > 0 && error.offset <= Int64(bytes.count), "\(name)")
            }
        }
    }

    /// `member` (from the system gzip, whose header has no optional fields) with an extra field, a file
    /// name and a header CRC (`FHCRC`), correct unless `damaged`.
    static func withHeaderCRC(_ member: Data, damaged: Bool = false, name: String = "x.log", comment: String? = nil)
        -> Data
    {
        var header = [UInt8](member.prefix(10))
        header[3] |= 0x02 | 0x04 | 0x08 | (comment == nil ? 0 : 0x10)
        header += [4, 0, 0x41, 0x42, 0x43, 0x44] + Array(name.utf8) + [0]
        if let comment { header += Array(comment.utf8) + [0] }
        let crc = UInt32(crc32_z(0, header, header.count)) & 0xFFFF ^ (damaged ? 0x5555 : 0)
        return Data(header + [UInt8(crc & 0xFF), UInt8(crc >> 8)]) + member.dropFirst(10)
    }

    @Test(
        "a member's header CRC (FHCRC) is checked: a right one decodes, a wrong one is an error at that member",
        arguments: InflateBackend.allCases)
    func headerCRC(backend: InflateBackend) throws {
        let dir = try TestSupport.temporaryDirectory()
        let bytes = Data(text.utf8)
        let first = Self.withHeaderCRC(try TestSupport.gzip(bytes.prefix(300_000)))
        let second = try TestSupport.gzip(bytes.dropFirst(300_000))
        // Padding puts the second member's header across the end of the first input read.
        let read = DecodedInput.inputBufferSize
        let padding = Data(repeating: 0, count: read + 9 - first.count % read)
        try (first + padding + Self.withHeaderCRC(second)).write(to: URL(fileURLWithPath: dir + "/h.gz"))
        #expect(try Self.decode(dir + "/h.gz", backend) == [UInt8](bytes))
        try (first + padding + Self.withHeaderCRC(second, damaged: true)).write(to: URL(fileURLWithPath: dir + "/h.gz"))
        do {
            _ = try Self.decode(dir + "/h.gz", backend)
            Issue.record("no error for a damaged header")
        } catch {
            #expect(error.kind == .corruptGzip)
            #expect(error.offset == Int64(first.count + padding.count))
            #expect(error.description.contains("header checksum"))
        }
    }

    @Test(
        "a header longer than the input buffer (file name and comment with FHCRC) is read in pieces and checked",
        arguments: InflateBackend.allCases)
    func longHeader(backend: InflateBackend) throws {
        let dir = try TestSupport.temporaryDirectory()
        let bytes = Data(text.utf8)
        let first = try TestSupport.gzip(bytes.prefix(100_000))
        let second = try TestSupport.gzip(bytes.dropFirst(100_000))
        let read = DecodedInput.inputBufferSize
        // The header (10 fixed bytes, a 6-byte extra field, the name and comment with their zeros, the
        // 2-byte CRC) starts a read; later reads leave 16 bytes free, so reads end at `read` and
        // `2 * read - 16`. Headers that end inside the second read, with their CRC across its start,
        // at the last byte of the third read, and inside the third.
        let cases = [
            (300_000, "c"), (read - 40, String(repeating: "k", count: 21)), (2 * read - 16 - 21, "c"), (read * 2, ""),
        ]
        for (nameLength, comment) in cases {
            let name = String(repeating: "n", count: nameLength)
            let headerLength = 18 + nameLength + 1 + comment.utf8.count + 1
            let good = first + Self.withHeaderCRC(second, name: name, comment: comment)
            #expect(good.count - first.count - headerLength == second.count - 10)
            try good.write(to: URL(fileURLWithPath: dir + "/l.gz"))
            #expect(try Self.decode(dir + "/l.gz", backend) == [UInt8](bytes), "name \(nameLength)")
            let bad = first + Self.withHeaderCRC(second, damaged: true, name: name, comment: comment)
            try bad.write(to: URL(fileURLWithPath: dir + "/l.gz"))
            do {
                _ = try Self.decode(dir + "/l.gz", backend)
                Issue.record("no error for a damaged long header, name \(nameLength)")
            } catch {
                #expect(error.kind == .corruptGzip)
                #expect(error.offset == Int64(first.count), "name \(nameLength)")
                #expect(error.description.contains("header checksum"))
            }
            // Cut past the first read, inside the header: the end of file is reported where it is.
            for cut in [read + 100, headerLength - 1] where cut < headerLength {
                try good.prefix(first.count + cut).write(to: URL(fileURLWithPath: dir + "/l.gz"))
                do {
                    _ = try Self.decode(dir + "/l.gz", backend)
                    Issue.record("no error for a cut at \(cut), name \(nameLength)")
                } catch {
                    #expect(error.kind == .truncatedGzip, "cut \(cut), name \(nameLength)")
                    #expect(error.offset == Int64(first.count + cut), "cut \(cut), name \(nameLength)")
                }
            }
        }
    }

    @Test(
        "a member whose trailer straddles two input reads is checked, good or bad",
        arguments: InflateBackend.allCases)
    func straddlingTrailer(backend: InflateBackend) throws {
        let dir = try TestSupport.temporaryDirectory()
        let first = try TestSupport.gzip(Data("first member\n".utf8))
        let body = Data(text.utf8.prefix(40_000))
        let second = try TestSupport.gzip(body)
        let read = DecodedInput.inputBufferSize
        for k in 1...8 {
            // Zero padding between members puts the second's end k bytes past the first read.
            var file = first
            file.append(Data(repeating: 0, count: read + k - second.count - first.count))
            file.append(second)
            try file.write(to: URL(fileURLWithPath: dir + "/s.gz"))
            #expect(try Self.decode(dir + "/s.gz", backend) == Array("first member\n".utf8) + Array(body), "k \(k)")
            for at in [file.count - 8, file.count - 1] {
                var bad = file
                bad[at] ^= 0x10
                try bad.write(to: URL(fileURLWithPath: dir + "/s.gz"))
                #expect(throws: IngestError.self, "k \(k) at \(at)") { try Self.decode(dir + "/s.gz", backend) }
            }
        }
    }

    @Test("the preferred backend is one of the built ones")
    func preferred() {
        #expect(InflateBackend.allCases.contains(InflateBackend.preferred))
    }
}
