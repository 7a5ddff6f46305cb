import ExfilWatch
import Foundation

/// Builders of combined-format lines for pipeline tests.
enum PipelineTestData {
    /// 2025-11-03T00:00:00Z, a Monday.
    static let monday: Int64 = 1_762_128_000

    static func stamp(_ t: Int64, offsetHours: Int = -8) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let local = t + Int64(offsetHours * 3600)
        let days = Int(local.quotientAndRemainder(dividingBy: 86_400).quotient)
        let rem = Int(local - Int64(days) * 86_400)
        let (y, m, d) = CivilTime.civilFromDays(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = offsetHours < 0 ? "-" : "+"
        return "\(two(d))/\(months[m - 1])/\(y):\(two(rem / 3600)):\(two(rem / 60 % 60)):\(two(rem % 60)) "
            + "\(sign)\(two(abs(offsetHours)))00"
    }

    static func clone(_ user: String, _ repo: String, at t: Int64, ip: String = "10.0.0.1") -> String {
        "\(ip) - \(user) [\(stamp(t))] \"POST /\(repo).git/git-upload-pack HTTP/1.1\" 200 4096 \"-\" \"git/2.43.0\""
    }

    /// A burst: `count` clones of distinct repositories, one every `every` seconds from `start`.
    static func burst(_ user: String, from start: Int64, count: Int, every: Int64 = 2) -> [(Int64, String)] {
        (0..<count).map { i in
            let t = start + Int64(i) * every
            return (t, clone(user, "org\(i % 9)/repo\(i)", at: t, ip: "203.0.113.9"))
        }
    }
}
