/// The counters of one cell (a time bucket of one actor, or of the whole population).
///
/// `counts` lanes are indexed by ``ActionClass/rawValue`` (`clone` 0, `fetch` 1, `push` 2, `lfs` 3,
/// `archive` 4, `export` 5); lane 2 (`push`) and lane 6 (`other`) stay zero because only transfer-out
/// actions are counted, and lane 7 holds response bytes in units of the model's `bytes_unit`
/// (rounded to nearest per event).
///
/// `distinct` lanes count keys whose *latest* touch lies in the cell: lane 0 repositories, lane 2
/// namespaces, lane 3 source addresses. Summed over the cells of a window that ends now, a latest-touch
/// lane is the exact number of distinct keys touched in the window. Lane 1 counts repositories touched
/// for the first time in the actor's history (novelty), which is additive as is.
struct LaneCounts: Sendable, Equatable {
    var counts: SIMD8<UInt32>
    var distinct: SIMD4<UInt32>

    static let zero = LaneCounts(counts: .zero, distinct: .zero)

    /// Lane of response bytes in ``counts``.
    static let bytesLane = 7
    /// Most byte units one event adds (2^20: a tebibyte at the shipped 1 MiB unit). A response that
    /// large is a lie or far past any threshold either way; the cap keeps a window's sum under 2^32
    /// for 4,096 such lines, where one `$body_bytes_sent` of 4.5e15 used to fill the lane at once.
    static let maxEventUnits: Int64 = 1 << 20
    /// Lanes of ``distinct``.
    static let reposLane = 0
    static let newReposLane = 1
    static let namespacesLane = 2
    static let sourcesLane = 3

    @inline(__always)
    static func &+= (lhs: inout LaneCounts, rhs: LaneCounts) {
        lhs.counts &+= rhs.counts
        lhs.distinct &+= rhs.distinct
    }

    /// True when no lane is non-zero.
    var isZero: Bool { counts == .zero && distinct == .zero }
}

/// Window sums for up to four scales, kept in fixed storage so the hot path allocates nothing.
struct ScaleSums: Sendable {
    var s0 = LaneCounts.zero
    var s1 = LaneCounts.zero
    var s2 = LaneCounts.zero
    var s3 = LaneCounts.zero

    @inline(__always)
    subscript(_ scale: Int) -> LaneCounts {
        get {
            switch scale {
            case 0: s0
            case 1: s1
            case 2: s2
            default: s3
            }
        }
        set {
            switch scale {
            case 0: s0 = newValue
            case 1: s1 = newValue
            case 2: s2 = newValue
            default: s3 = newValue
            }
        }
    }
}
