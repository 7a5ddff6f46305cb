/// A handle to an immutable byte string stored in a `ByteArena` (offset and length, 8 bytes, trivial).
///
/// Events and world tables hold `Text` instead of `String`, so copying them costs no reference counting and
/// formatting a line is a `memcpy` from the arena.
struct Text: Hashable, Sendable {
    /// Byte offset of the first byte in the arena.
    var offset: UInt32
    /// Length in bytes.
    var length: UInt32

    /// The empty string.
    static let empty = Text(offset: 0, length: 0)

    var isEmpty: Bool { length == 0 }
}

/// Append-only storage for every name, address and user agent the generator writes.
///
/// Strings are interned once while the world is built; afterwards the arena is read-only and the hot path
/// copies bytes straight out of `base`.
///
/// - Complexity: `intern` is O(length); `bytes(of:)` is O(1).
final class ByteArena {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count: Int = 0
    private var capacity: Int
    private var index: [String: Text] = [:]

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Stores `string` (once per distinct value) and returns its handle.
    func intern(_ string: String) -> Text {
        if let existing = index[string] { return existing }
        let text = append(string)
        index[string] = text
        return text
    }

    /// Stores `string` without deduplication (for values known to be unique, such as tokens).
    func append(_ string: String) -> Text {
        var copy = string
        return copy.withUTF8 { append(bytes: $0) }
    }

    /// Stores raw bytes and returns their handle.
    func append(bytes: UnsafeBufferPointer<UInt8>) -> Text {
        reserve(bytes.count)
        if let source = bytes.baseAddress, bytes.count > 0 {
            (base + count).update(from: source, count: bytes.count)
        }
        let text = Text(offset: UInt32(count), length: UInt32(bytes.count))
        count += bytes.count
        return text
    }

    /// Pointer to the first byte of `text`; valid until the next append.
    @inline(__always)
    func pointer(_ text: Text) -> UnsafePointer<UInt8> { UnsafePointer(base + Int(text.offset)) }

    /// Decodes `text` as a Swift string (slow path: labels, manifest, tests).
    func string(_ text: Text) -> String {
        String(decoding: UnsafeBufferPointer(start: pointer(text), count: Int(text.length)), as: UTF8.self)
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity
        while count + extra > newCapacity { newCapacity *= 2 }
        precondition(newCapacity <= Int(UInt32.max), "arena exceeds 4 GiB")
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
