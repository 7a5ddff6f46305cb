import Testing

@testable import ExfilWatch

/// Interning must give one id per distinct byte string, whatever its length: the hash and the key
/// comparison read the last partial word with overlapping loads, so every length and every byte
/// position is exercised.
@Suite("Windowing: intern table")
struct InternTableTests {
    /// Every key of length 0…40 made of `a`s, plus each with one byte changed at each position.
    static func keys() -> [[UInt8]] {
        var keys: [[UInt8]] = []
        for n in 0...40 {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: n)
            keys.append(plain)
            for i in 0..<n {
                var changed = plain
                changed[i] = UInt8(ascii: "b")
                keys.append(changed)
            }
        }
        return keys
    }

    @Test("keys differing in one byte, at any position and of any length, get distinct ids")
    func oneByteApart() {
        var table = InternTable(capacity: 16)
        let keys = Self.keys()
        let ids = keys.map { key in key.withUnsafeBytes { table.intern($0) } }
        #expect(Set(ids).count == keys.count)
        #expect(table.count == keys.count)
        // Interning again, and looking up, give the same ids; the keys read back byte for byte.
        for (key, id) in zip(keys, ids) {
            #expect(key.withUnsafeBytes { table.intern($0) } == id)
            #expect(key.withUnsafeBytes { table.lookup($0) } == id)
            #expect(table.withKey(id) { Array($0) } == key)
        }
    }

    @Test("keys of every size round-trip through the table and its saved state")
    func longKeys() throws {
        let lengths = [0, 1, 7, 8, 9, 255, 256, 4097, 70_003]
        let keys = lengths.enumerated().map { i, n in (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) } }
        var table = InternTable(capacity: 4)
        var ids: [UInt32] = []
        for key in keys { ids.append(key.withUnsafeBytes { table.intern($0) }) }
        #expect(ids == (0..<UInt32(keys.count)).map { $0 })
        var writer = StateWriter()
        table.encodeState(into: &writer)
        var reader = StateReader(writer.bytes)
        let restored = try InternTable(state: &reader)
        for (key, id) in zip(keys, ids) {
            #expect(key.withUnsafeBytes { table.lookup($0) } == id)
            #expect(table.withKey(id) { Array($0) } == key)
            #expect(key.withUnsafeBytes { restored.lookup($0) } == id)
            #expect(restored.withKey(id) { Array($0) } == key)
        }
        #expect(table.string(ids[4]) == String(decoding: keys[4], as: UTF8.self))
    }

    @Test("a key is not found under another key's prefix or extension")
    func prefixesAreDistinct() {
        var table = InternTable()
        let id = table.intern("ip:203.0.113.9")
        #expect(table.lookup("ip:203.0.113.9") == id)
        #expect(table.lookup("ip:203.0.113.90") == nil)
        #expect(table.lookup("ip:203.0.113.") == nil)
        #expect(table.lookup("ip:203.0.113.8") == nil)
        #expect(table.lookup("") == nil)
    }

    @Test("byte comparison sees a difference at every position of every length, and equality across buffers")
    func comparison() {
        for n in 1...40 {
            let a = [UInt8](repeating: 7, count: n)
            // A separate allocation with the same bytes, one byte in, so no load lines up by accident.
            let b = [UInt8](repeating: 9, count: 1) + a
            let same = a.withUnsafeBytes { x in
                b.withUnsafeBytes { y in memcmpEqual(x.baseAddress!, y.baseAddress! + 1, n) }
            }
            #expect(same, "length \(n)")
            for i in 0..<n {
                var c = a
                c[i] = 8
                let equal = a.withUnsafeBytes { x in
                    c.withUnsafeBytes { y in memcmpEqual(x.baseAddress!, y.baseAddress!, n) }
                }
                #expect(!equal, "length \(n), byte \(i)")
            }
        }
    }

    @Test("equal bytes hash alike wherever they lie; keys one byte apart hash apart")
    func hashing() {
        let keys = Self.keys()
        var hashes = Set<UInt32>()
        for key in keys {
            // The key at offsets 0 to 7 of a larger buffer whose other bytes differ.
            var results = Set<UInt32>()
            for offset in 0..<8 {
                let buffer = [UInt8](repeating: UInt8(offset), count: offset) + key + [0xFF, 0xFE, 0xFD]
                results.insert(
                    buffer.withUnsafeBytes {
                        InternTable.hash(UnsafeRawBufferPointer(rebasing: $0[offset..<offset + key.count]))
                    })
            }
            #expect(results.count == 1, "\(key.count) bytes")
            hashes.formUnion(results)
        }
        // 861 keys that differ in one byte or in length: a 32-bit hash that read every byte does not
        // collide on them (a byte left unread would make pairs collide).
        #expect(hashes.count == keys.count)
    }
}
