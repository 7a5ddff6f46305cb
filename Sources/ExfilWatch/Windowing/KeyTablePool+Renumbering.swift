/// Reading and renumbering the ids of one dimension, for the `--max-actors` cap: the engine drops
/// client addresses no table refers to any more and packs the remaining ids.
extension KeyTablePool {
    /// Calls `body` with the id of every stored key of dimension `dim`. - Complexity: O(table).
    func forEachKey(_ ref: KeyTableRef, dim: Int, _ body: (UInt32) -> Void) {
        guard ref.base != .max, ref.dims[dim] > 0 else { return }
        let base = Int(ref.base)
        for i in base..<(base + (1 << Int(ref.capacityLog2))) where entries[i] != 0 {
            let (d, id) = KeyTablePool.decode(entries[i])
            if d == dim { body(id) }
        }
    }

    /// Replaces the ids of dimension `dim` by their new ids under `remap`, removing keys whose id was
    /// dropped; minutes and the other dimensions are kept. In place (the table keeps its size);
    /// `scratch` is reused between calls. - Complexity: O(table).
    mutating func renumber(_ ref: inout KeyTableRef, dim: Int, _ remap: IdRemap, scratch: inout [UInt64]) {
        guard ref.base != .max, ref.dims[dim] > 0 else { return }
        let base = Int(ref.base)
        let size = 1 << Int(ref.capacityLog2)
        scratch.removeAll(keepingCapacity: true)
        for i in base..<(base + size) where entries[i] != 0 {
            scratch.append(entries[i])
            entries[i] = 0
        }
        let mask = size - 1
        for e in scratch {
            var entry = e
            let (d, id) = KeyTablePool.decode(e)
            if d == dim {
                guard let newId = remap[id] else {
                    ref.dims[dim] &-= 1
                    continue
                }
                entry = KeyTablePool.pack(key: KeyTablePool.key(dim: d, id: newId), minute: KeyTablePool.minute(e))
            }
            var j = Int(truncatingIfNeeded: mix64(entry >> KeyTablePool.minuteBits)) & mask
            while entries[base + j] != 0 { j = (j + 1) & mask }
            entries[base + j] = entry
        }
    }
}
