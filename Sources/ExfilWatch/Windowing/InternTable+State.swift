/// Saving and restoring an ``InternTable`` so that ids stay the same across a `tail` restart: the
/// keys are written in id order and re-interned in that order.
extension InternTable {
    /// Appends the table to `writer`: the key count, then each key as a length-prefixed blob.
    /// - Complexity: O(total key bytes).
    public func encodeState(into writer: inout StateWriter) {
        writer.count(count)
        for id in 0..<count {
            withKey(UInt32(id)) { writer.blob($0) }
        }
    }

    /// Reads a table written by ``encodeState(into:)``; key `i` gets id `i` again.
    /// - Throws: ``StateDecodingError`` when the blob is short or a key repeats (which would shift ids).
    public init(state reader: inout StateReader) throws(StateDecodingError) {
        let n = try reader.count(minimumElementSize: 8)
        self.init(capacity: Swift.max(4096, n))
        for i in 0..<n {
            let at = reader.offset
            let key = try reader.blob()
            let id = key.withUnsafeBytes { intern($0) }
            guard id == UInt32(i) else {
                throw StateDecodingError(offset: at, reason: "duplicate key in intern table (entry \(i))")
            }
        }
    }
}
