/// Ids of alerts already delivered, so that an alert fired again after a restart (its lines were
/// read again from the last checkpoint) is not sent twice. Saved in the tail checkpoint.
///
/// Bounded: the oldest ids are forgotten beyond ``capacity``. Only alerts fired between the last
/// checkpoint and a crash can repeat, so a few thousand recent ids are plenty.
///
/// This is the one place `tail` decides "already delivered"; the shared `DeliveryLedger` replaces
/// it when the alert sinks are merged.
public struct DeliveredAlerts: Sendable, Equatable {
    public let capacity: Int
    /// Ids, oldest first.
    public private(set) var ids: [String]
    private var set: Set<String>

    public init(ids: [String] = [], capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        self.ids = Array(ids.suffix(self.capacity))
        set = Set(self.ids)
    }

    public func contains(_ id: String) -> Bool { set.contains(id) }

    /// Adds `id`, forgetting the oldest ids when over capacity.
    /// - Complexity: amortised O(1).
    public mutating func record(_ id: String) {
        guard set.insert(id).inserted else { return }
        ids.append(id)
        // Trim in batches so that recording stays amortised O(1).
        if ids.count > capacity + capacity / 8 {
            for old in ids.prefix(ids.count - capacity) { set.remove(old) }
            ids.removeFirst(ids.count - capacity)
        }
    }
}
