import Testing

@testable import ExfilWatch

@Suite("Formats: cached date and minute")
struct DayCacheTests {
    /// Lines parsed in sequence through one cache must parse exactly as each does alone.
    @Test("a run of lines through one cache parses as each line alone, valid or not")
    func sameAsAlone() {
        let times = [
            "10/Oct/2025:20:55:40 +0000", "10/Oct/2025:20:55:41 +0000", "10/Oct/2025:20:55:59 +0000",
            "10/Oct/2025:20:55:60 +0000", "10/Oct/2025:20:55:61 +0000", "10/Oct/2025:20:55:4x +0000",
            "10/Oct/2025:20:55:x4 +0000", "10/Oct/2025:20:55:00 +0000", "10/Oct/2025:20:55:07 -0130",
            "10/Oct/2025:20:55:08 -0130", "10/Oct/2025:20:55:09 +0130", "10/Oct/2025:20:56:09 +0130",
            "11/Oct/2025:20:56:09 +0130", "11/Oct/2025:20:56:10 +0130", "11/Oct/2025:21:56:10 +0130",
            "11/Oct/2025:21:56:1: +0130", "11/Oct/2025:21:56/11 +0130", "11/Oct/2025:21:56:12 +0130",
            "11/Oct/2025:21:5x:12 +0130", "11/Oct/2025:21:56:13 *0130", "11/Oct/2025:21:56:14 +0130",
            "11/Oct/2025:21:56:15+0130", "11/Oct/2025:21:56:16 +0130", "31/Dec/2199:23:59:59 +0000",
            "31/Dec/2199:23:59:58 -0100",
        ]
        let lines = times.map { "192.0.2.1 - - [\($0)] \"GET /a/b.git/info/refs HTTP/1.1\" 200 12 \"-\" \"git/2\"" }
        let parser = CombinedLogParser()
        var cache = DayCache()
        var valid = 0
        for line in lines {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBytes { p in
                var shared = Event()
                var alone = Event()
                let a = parser.parse(p, into: &shared, days: &cache)
                let b = parser.parse(p, into: &alone)
                #expect(a == b, "\(line)")
                #expect(!a || shared.time == alone.time, "\(line)")
                if a { valid += 1 }
            }
        }
        #expect(valid > 12 && valid < lines.count)
    }
}
