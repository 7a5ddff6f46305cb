/// Named ASCII bytes used by the formatters.
enum ASCII {
    static let space = UInt8(ascii: " ")
    static let quote = UInt8(ascii: "\"")
    static let newline = UInt8(ascii: "\n")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let slash = UInt8(ascii: "/")
    static let dash = UInt8(ascii: "-")
    static let zero = UInt8(ascii: "0")
    static let backslash = UInt8(ascii: "\\")
    /// Lowercase hexadecimal digits.
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    /// Base64 alphabet (standard, for `hashed_token`) and its URL-safe variant (for `_document_id`).
    static let base64: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let base64URL: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}

/// A fixed-capacity output buffer that lines are formatted into, byte by byte.
///
/// Writers call `ensureRoom(_:)` once per line (lines are far shorter than `slack`) and then append without
/// further bounds checks; the owner drains the buffer into the compressor when `count` passes `flushMark`.
/// No `String` is created on this path: integers, dates and hex are formatted by hand.
final class LineBuffer {
    /// Start of the storage.
    let base: UnsafeMutablePointer<UInt8>
    /// Bytes currently buffered.
    var count: Int = 0
    /// Total storage in bytes.
    let capacity: Int
    /// Once `count` reaches this many bytes the owner should flush.
    let flushMark: Int
    private let arena: ByteArena

    /// - Parameters:
    ///   - capacity: storage in bytes (e.g. 4 MiB).
    ///   - slack: bytes kept free above `flushMark`; must exceed the longest line.
    ///   - arena: the world's string arena that `Text` handles point into.
    init(capacity: Int, slack: Int = 1 << 16, arena: ByteArena) {
        self.capacity = capacity
        self.flushMark = capacity - slack
        self.arena = arena
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// True when the owner should drain the buffer before formatting another line.
    @inline(__always) var needsFlush: Bool { count >= flushMark }

    @inline(__always) func byte(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always) func bytes(_ pointer: UnsafePointer<UInt8>, _ n: Int) {
        (base + count).update(from: pointer, count: n)
        count += n
    }

    /// Appends an interned string.
    @inline(__always) func text(_ t: Text) {
        bytes(arena.pointer(t), Int(t.length))
    }

    /// Appends a compile-time ASCII literal.
    @inline(__always) func ascii(_ s: StaticString) {
        bytes(s.utf8Start, s.utf8CodeUnitCount)
    }

    /// Appends bytes from an array (used for small tables such as month names).
    @inline(__always) func array(_ a: [UInt8]) {
        a.withUnsafeBufferPointer { buffer in
            if let p = buffer.baseAddress { bytes(p, buffer.count) }
        }
    }

    /// Appends a non-negative or negative integer in decimal.
    @inline(__always) func int(_ value: Int64) {
        var v = value
        if v < 0 {
            byte(ASCII.dash)
            if v == Int64.min {
                ascii("9223372036854775808")
                return
            }
            v = -v
        }
        uint(UInt64(v))
    }

    @inline(__always) func int(_ value: Int) { int(Int64(value)) }

    /// Appends an unsigned integer in decimal, writing digits right to left into the buffer.
    @inline(__always) func uint(_ value: UInt64) {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var v = value
        var i = count + digits - 1
        while i >= count {
            base[i] = ASCII.zero &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            i -= 1
        }
        count += digits
    }

    /// Appends `value` zero-padded to exactly two digits (0–99).
    @inline(__always) func pad2(_ value: Int) {
        base[count] = ASCII.zero &+ UInt8(truncatingIfNeeded: value / 10)
        base[count + 1] = ASCII.zero &+ UInt8(truncatingIfNeeded: value % 10)
        count += 2
    }

    /// Appends `value` zero-padded to exactly four digits (0–9999).
    @inline(__always) func pad4(_ value: Int) {
        pad2(value / 100)
        pad2(value % 100)
    }

    /// Appends the low `digits` hex digits of `value`, most significant first.
    @inline(__always) func hex(_ value: UInt64, digits: Int) {
        var v = value
        var i = count + digits - 1
        while i >= count {
            base[i] = ASCII.hexDigits[Int(v & 0xF)]
            v >>= 4
            i -= 1
        }
        count += digits
    }

    /// Appends uppercase hex digits of `value` without leading zeros (GitHub request-id groups).
    @inline(__always) func upperHex(_ value: UInt64) {
        var digits = 1
        var probe = value >> 4
        while probe != 0 {
            probe >>= 4
            digits += 1
        }
        var v = value
        var i = count + digits - 1
        while i >= count {
            let nibble = UInt8(truncatingIfNeeded: v & 0xF)
            base[i] = nibble < 10 ? ASCII.zero &+ nibble : UInt8(ascii: "A") &+ (nibble &- 10)
            v >>= 4
            i -= 1
        }
        count += digits
    }

    /// Appends `n` base64 characters drawn from successive 6-bit groups of a SplitMix stream.
    @inline(__always) func base64(seed: UInt64, count n: Int, urlSafe: Bool) {
        var state = seed
        var bits = mix64(state)
        var available = 10
        for _ in 0..<n {
            if available == 0 {
                state &+= 1
                bits = mix64(state)
                available = 10
            }
            let index = Int(bits & 63)
            base[count] = urlSafe ? ASCII.base64URL[index] : ASCII.base64[index]
            count += 1
            bits >>= 6
            available -= 1
        }
    }

    /// Drops everything buffered after `mark` (used to cut a line short when simulating corruption).
    @inline(__always) func truncate(to mark: Int) { count = mark }
}
