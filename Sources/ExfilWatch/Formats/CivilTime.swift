/// Conversions between calendar dates and seconds since the Unix epoch (UTC), without Foundation.
///
/// Uses Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms: O(1), exact for the
/// proleptic Gregorian calendar, and cheap enough to run on every log line.
public enum CivilTime {
    /// Days since 1970-01-01 for a Gregorian date (`month` 1…12, `day` 1…31).
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The Gregorian date of a day number (days since 1970-01-01).
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// RFC 3339 UTC text for seconds since the epoch, e.g. `2025-11-09T00:25:00Z`.
    public static func rfc3339(_ seconds: Int64) -> String {
        let secs = Int(seconds)
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        let (y, m, d) = civilFromDays(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = y < 1000 ? String(repeating: "0", count: 4 - String(y).count) + String(y) : String(y)
        return "\(year)-\(two(m))-\(two(d))T\(two(rem / 3600)):\(two(rem / 60 % 60)):\(two(rem % 60))Z"
    }

    /// Parses RFC 3339 / ISO 8601 text (`2025-11-09T00:25:00Z`, `…T00:25:00.123+02:00`, or a bare
    /// `2025-11-09`) into seconds since the epoch, UTC. Fractional seconds are truncated.
    /// Returns nil when the text is not such a timestamp.
    public static func parseRFC3339<C: Collection<UInt8>>(_ text: C) -> Int64? where C.Index == Int {
        var i = text.startIndex
        let end = text.endIndex
        func digits(_ n: Int) -> Int? {
            guard end - i >= n else { return nil }
            var v = 0
            for _ in 0..<n {
                let c = text[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
                i += 1
            }
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < end, text[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if i == end { return seconds }
        guard i < end, text[i] == 0x54 || text[i] == 0x74 || text[i] == 0x20 else { return nil }
        i += 1
        guard let hh = digits(2), expect(0x3A), let mm = digits(2), expect(0x3A), let ss = digits(2),
            hh < 24, mm < 60, ss <= 60
        else { return nil }
        seconds += Int64(hh * 3600 + mm * 60 + ss)
        if i < end, text[i] == 0x2E {
            i += 1
            while i < end, text[i] >= 0x30 && text[i] <= 0x39 { i += 1 }
        }
        if i == end { return seconds }
        let z = text[i]
        if z == 0x5A || z == 0x7A { return i + 1 == end ? seconds : nil }
        guard z == 0x2B || z == 0x2D else { return nil }
        i += 1
        guard let oh = digits(2) else { return nil }
        _ = expect(0x3A)
        guard let om = digits(2), i == end else { return nil }
        let offset = Int64(oh * 3600 + om * 60)
        return z == 0x2B ? seconds - offset : seconds + offset
    }
}
