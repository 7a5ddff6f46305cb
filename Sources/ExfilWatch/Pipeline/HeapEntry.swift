/// An open file in ``BatchScanner``'s merge heap: the time of its current event and its index among
/// the open files; ties go to the lower index, so equal times keep a stable file order.
///
/// Declared outside the generic scanner so that `Heap<HeapEntry>` is one concrete, specialised type
/// rather than a generic one whose metadata is looked up at run time on every heap operation.
struct HeapEntry: Comparable {
    var time: Int64
    var index: Int

    static func < (a: HeapEntry, b: HeapEntry) -> Bool { (a.time, a.index) < (b.time, b.index) }
}
