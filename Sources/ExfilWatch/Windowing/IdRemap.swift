/// A renumbering of dense ids after some were dropped: survivors keep their relative order and are
/// packed to `0 ..< survivors`. Built by the engine when `--max-actors` sheds actors; every table keyed
/// by those ids applies it.
public struct IdRemap: Sendable, Equatable {
    /// `newIds[old]` is the new id of `old`, or `UInt32.max` when `old` was dropped.
    private let newIds: [UInt32]
    /// Number of ids kept.
    public let survivors: Int

    /// Keeps the ids whose flag is true, in order.
    public init(keeping keep: [Bool]) {
        var next: UInt32 = 0
        newIds = keep.map { kept in
            guard kept else { return UInt32.max }
            defer { next += 1 }
            return next
        }
        survivors = Int(next)
    }

    /// Number of ids before the renumbering.
    public var oldCount: Int { newIds.count }

    /// The new id of `old`; nil when it was dropped (or was never assigned).
    @inline(__always)
    public subscript(old: UInt32) -> UInt32? {
        let i = Int(old)
        guard i < newIds.count else { return nil }
        let n = newIds[i]
        return n == .max ? nil : n
    }

    /// The elements of `array` (indexed by old id) that survive, in new-id order; ids past the array's end
    /// are skipped. - Complexity: O(array.count).
    public func compacting<T>(_ array: [T]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(Swift.min(array.count, survivors))
        for (old, value) in array.enumerated() where old < newIds.count && newIds[old] != .max {
            out.append(value)
        }
        return out
    }
}
