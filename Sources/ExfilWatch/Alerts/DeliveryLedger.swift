import Synchronization

/// The ids of alerts already delivered, so that a restarted `tail` (or a re-scan) does not deliver
/// them again.
///
/// In memory for `scan`; persisted for `tail` as one file, `delivered-ids` in a state directory,
/// rewritten atomically through ``SpoolDirectory`` (temporary file, fsync, rename; mode 0600). The
/// file holds one id per line, oldest first, after a `#` header line. At most ``capacity`` ids are
/// kept: when full, the oldest are forgotten (an alert that old is not re-raised by a restarted tail).
/// Safe to use from several threads.
public final class DeliveryLedger: Sendable {
    /// Ids kept by default (about 4 MB on disk at 40 bytes an id).
    public static let defaultCapacity = 100_000
    /// The ledger's file name in its state directory.
    public static let fileName = "delivered-ids"
    static let header = "# exfilwatch delivered alert ids, oldest first, v1"

    private struct State {
        var ids: Set<String> = []
        /// Insertion order; entries before `head` have been forgotten.
        var order: [String] = []
        var head = 0
        var dirty = false
        /// Bumped by every insertion, so that ``save()`` knows whether ids arrived while it wrote.
        var generation: UInt64 = 0

        mutating func insert(_ id: String, capacity: Int) {
            guard ids.insert(id).inserted else { return }
            order.append(id)
            dirty = true
            generation &+= 1
            while ids.count > capacity {
                ids.remove(order[head])
                head += 1
            }
            if head > 1024 && head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }

    /// Most ids kept.
    public let capacity: Int
    /// Where the ledger is saved; nil for an in-memory ledger.
    public let directory: SpoolDirectory?
    private let state = Mutex(State())

    /// An in-memory ledger (for `scan`).
    public init(capacity: Int = defaultCapacity) {
        self.capacity = max(1, capacity)
        self.directory = nil
    }

    /// A persisted ledger in `directory`, loaded from its file if there is one.
    /// - Throws: ``AlertSinkError`` when the file exists but cannot be read (a symlink, unreadable).
    public init(directory: SpoolDirectory, capacity: Int = defaultCapacity) throws {
        self.capacity = max(1, capacity)
        self.directory = directory
        guard let bytes = try directory.readFile(named: Self.fileName, maximumBytes: 64 << 20) else { return }
        let capacity = self.capacity
        state.withLock { s in
            for line in bytes.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
                let id = String(decoding: line, as: UTF8.self)
                if SpoolDirectory.isValidAlertID(id) { s.insert(id, capacity: capacity) }
            }
            s.dirty = false
        }
    }

    /// True when alert `id` was delivered.
    public func contains(_ id: String) -> Bool {
        state.withLock { $0.ids.contains(id) }
    }

    /// Notes that alert `id` was delivered (in memory until ``save()``).
    public func record(_ id: String) {
        let capacity = self.capacity
        state.withLock { $0.insert(id, capacity: capacity) }
    }

    /// How many ids are remembered.
    public var count: Int { state.withLock { $0.ids.count } }

    /// True when ids were recorded since the last save.
    public var hasUnsavedChanges: Bool { state.withLock { $0.dirty } }

    /// Rewrites the ledger file atomically if anything changed; does nothing for an in-memory ledger.
    public func save() throws {
        guard let directory else { return }
        let taken: ([String], UInt64)? = state.withLock { s in
            guard s.dirty else { return nil }
            return (Array(s.order[s.head...]), s.generation)
        }
        guard let (snapshot, generation) = taken else { return }
        var bytes = Array((Self.header + "\n").utf8)
        bytes.reserveCapacity(snapshot.count * 40)
        for id in snapshot {
            bytes.append(contentsOf: id.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        try directory.writeFile(named: Self.fileName, contents: bytes)
        state.withLock { s in
            // Ids recorded while writing keep the ledger dirty.
            if s.generation == generation { s.dirty = false }
        }
    }
}
