/// Interns byte strings (actor keys, repositories, addresses) to dense `UInt32` ids, once each, so
/// every later table is keyed by an integer.
///
/// Keys live back to back in one byte arena; the index is an open-addressing table of ids with
/// linear probing at a load factor of at most 1/2. A slot holds the key's hash beside its id, so a
/// probe compares hashes without touching the key arrays. Cost per key: its bytes + 24 bytes
/// (offset, hash, two 8-byte slots at half load).
///
/// - Complexity: ``intern(_:)`` is O(key length) expected; nothing is allocated unless the key is new
///   and a table has to grow (amortised O(1)).
public struct InternTable: Sendable {
    private var arena: [UInt8] = []
    /// `offsets[id]` is where key `id` starts in `arena`; `offsets[count]` is the arena's end.
    private var offsets: [UInt32] = [0]
    private var hashes: [UInt32] = []
    /// `hash << 32 | (id + 1)` of the key in each slot; 0 marks an empty slot.
    private var slots: [UInt64]
    private var mask: Int

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// Number of distinct keys interned.
    public var count: Int { hashes.count }

    /// Approximate heap bytes held, for memory accounting.
    public var approximateBytes: Int { arena.capacity + offsets.capacity * 4 + hashes.capacity * 4 + slots.count * 8 }

    /// Appends the keys of `other` that `remap` keeps, in old-id order, to this empty table.
    mutating func adopt(from other: InternTable, remap: IdRemap) {
        var bytes = 0
        for old in 0..<Swift.min(other.count, remap.oldCount) where remap[UInt32(old)] != nil {
            bytes += Int(other.offsets[old + 1] - other.offsets[old])
        }
        arena.reserveCapacity(bytes)
        offsets.reserveCapacity(remap.survivors + 1)
        hashes.reserveCapacity(remap.survivors)
        other.arena.withUnsafeBufferPointer { a in
            for old in 0..<Swift.min(other.count, remap.oldCount) where remap[UInt32(old)] != nil {
                let id = UInt32(count)
                arena.append(
                    contentsOf: UnsafeBufferPointer(rebasing: a[Int(other.offsets[old])..<Int(other.offsets[old + 1])]))
                offsets.append(UInt32(truncatingIfNeeded: arena.count))
                hashes.append(other.hashes[old])
                if count * 2 > slots.count { grow() } else { place(id, hash: other.hashes[old]) }
            }
        }
    }

    /// The id of `key`, adding it when new.
    @inlinable
    public mutating func intern(_ key: UnsafeRawBufferPointer) -> UInt32 {
        let h = Self.hash(key)
        if let id = find(key, hash: h) { return id }
        return insert(key, hash: h)
    }

    /// The id of `key` when present.
    public func lookup(_ key: UnsafeRawBufferPointer) -> UInt32? {
        find(key, hash: Self.hash(key))
    }

    /// The id of `key` when present.
    public func lookup(_ key: String) -> UInt32? {
        var k = key
        return k.withUTF8 { lookup(UnsafeRawBufferPointer($0)) }
    }

    /// Interns a `String` (tests and state loading; not for the hot path).
    public mutating func intern(_ key: String) -> UInt32 {
        var k = key
        return k.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The key of `id` as text (invalid UTF-8 becomes U+FFFD).
    public func string(_ id: UInt32) -> String {
        let i = Int(id)
        guard i < count else { return "" }
        return arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(offsets[i])..<Int(offsets[i + 1])]), as: UTF8.self)
        }
    }

    /// Calls `body` with the bytes of `id`'s key.
    public func withKey<R>(_ id: UInt32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let i = Int(id)
        return arena.withUnsafeBytes {
            body(UnsafeRawBufferPointer(rebasing: $0[Int(offsets[i])..<Int(offsets[i + 1])]))
        }
    }

    @usableFromInline
    func find(_ key: UnsafeRawBufferPointer, hash h: UInt32) -> UInt32? {
        var slot = Int(h) & mask
        return slots.withUnsafeBufferPointer { s in
            while true {
                let entry = s[slot]
                if entry == 0 { return nil }
                if UInt32(truncatingIfNeeded: entry >> 32) == h {
                    let id = Int(UInt32(truncatingIfNeeded: entry) &- 1)
                    let start = Int(offsets[id])
                    let end = Int(offsets[id + 1])
                    if end - start == key.count {
                        let equal = arena.withUnsafeBytes { a in
                            key.count == 0 || memcmpEqual(a.baseAddress! + start, key.baseAddress!, key.count)
                        }
                        if equal { return UInt32(id) }
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    @usableFromInline
    mutating func insert(_ key: UnsafeRawBufferPointer, hash h: UInt32) -> UInt32 {
        let id = UInt32(count)
        arena.append(contentsOf: key)
        offsets.append(UInt32(truncatingIfNeeded: arena.count))
        hashes.append(h)
        if (count + 1) * 2 > slots.count { grow() } else { place(id, hash: h) }
        return id
    }

    private mutating func place(_ id: UInt32, hash h: UInt32) {
        var slot = Int(h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt64(h) << 32 | UInt64(id + 1)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for (id, h) in hashes.enumerated() { place(UInt32(id), hash: h) }
    }

    /// A fast 32-bit hash of bytes: 8 bytes at a time, multiply–xorshift mixing. The last partial
    /// word is read with one overlapping load (two for 4–7 bytes, three byte loads below that) rather
    /// than byte by byte: most keys (user names, addresses, `org/repo`) are 5–24 bytes long.
    @inlinable
    public static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        let n = key.count
        // The length is mixed in before any byte: keys of different lengths share bytes at the
        // overlapping loads, so a length merely XORed in could cancel against a small byte difference.
        var h: UInt64 = (0x9E37_79B9_7F4A_7C15 ^ UInt64(n)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        var tail: UInt64 = 0
        if n >= 8 {
            var i = 0
            while i + 8 <= n {
                let w = key.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i += 8
            }
            if i < n { tail = key.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) }
        } else if n >= 4 {
            let lo = UInt64(key.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let hi = UInt64(key.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            tail = lo | hi << 32
        } else if n > 0 {
            tail = UInt64(key[0]) | UInt64(key[n / 2]) << 8 | UInt64(key[n - 1]) << 16
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }
}

/// Whether `n` bytes at `a` and `b` are equal: 8 bytes at a time, the rest with one overlapping load
/// (or 4-byte and byte loads for keys under 8 bytes).
@usableFromInline
func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    if n >= 8 {
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            {
                return false
            }
            i += 8
        }
        return i == n
            || a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
    if n >= 4 {
        return a.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
            == b.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
    }
    var i = 0
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
