import CZlib
import Testing

/// `exfilwatch_crc32` (PCLMULQDQ folding where the CPU has it) is zlib's `crc32_z`, whatever the
/// length, alignment and chunking: the gzip check of every zlib scan depends on it.
@Suite("Ingest: CRC-32")
struct CRC32Tests {
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    @Test("matches zlib for every length to 300 bytes and at every alignment")
    func lengths() {
        let data = Self.bytes(4096 + 16, seed: 7)
        data.withUnsafeBufferPointer { b in
            for offset in 0..<16 {
                for n in 0...300 {
                    let p = b.baseAddress! + offset
                    #expect(exfilwatch_crc32(0, p, n) == UInt32(crc32_z(0, p, n)), "offset \(offset) n \(n)")
                }
            }
        }
    }

    @Test("matches zlib on a megabyte, whole and in uneven chunks")
    func chunks() {
        let data = Self.bytes(1 << 20, seed: 11)
        data.withUnsafeBufferPointer { b in
            let whole = UInt32(crc32_z(0, b.baseAddress!, b.count))
            #expect(exfilwatch_crc32(0, b.baseAddress!, b.count) == whole)
            var crc: UInt32 = 0
            var at = 0
            var step = 1
            while at < b.count {
                let n = min(step, b.count - at)
                crc = exfilwatch_crc32(crc, b.baseAddress! + at, n)
                at += n
                step = step * 3 % 9973 + 1
            }
            #expect(crc == whole)
        }
    }
}
