/// Dropping keys from an ``InternTable`` (the `--max-actors` cap): the table is rebuilt with the
/// surviving keys under their new ids.
extension InternTable {
    /// A table holding the keys that `remap` keeps, key `old` under id `remap[old]`. Keys are copied
    /// with their stored hashes, neither rehashed nor compared (they are distinct already).
    /// - Complexity: O(surviving key bytes + table size).
    public func retaining(_ remap: IdRemap) -> InternTable {
        var table = InternTable(capacity: Swift.max(1024, remap.survivors))
        table.adopt(from: self, remap: remap)
        return table
    }
}
