/// Calendar arithmetic on the proleptic Gregorian calendar, without Foundation.
///
/// Days are counted from 1970-01-01 (day 0, a Thursday); times are Unix epoch milliseconds (UTC).
/// The algorithms are Howard Hinnant's `days_from_civil` / `civil_from_days`.
///
/// The engine has its own copy (`ExfilWatch.CivilTime`, which the log parsers use) on purpose: the
/// generator does not depend on the engine, so a date bug in the parsers cannot be cancelled out by
/// the same bug in the logs written to test them.
enum CivilTime {
    /// Milliseconds in one second, minute, hour and day.
    static let msPerSecond: Int64 = 1_000
    static let msPerMinute: Int64 = 60_000
    static let msPerHour: Int64 = 3_600_000
    static let msPerDay: Int64 = 86_400_000

    /// Day number (days since 1970-01-01) of a civil date; `month` 1–12, `day` 1–31.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Civil date `(year, month, day)` of a day number.
    static func civil(days z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Weekday of a day number: 0 = Monday … 6 = Sunday.
    @inline(__always)
    static func weekday(days: Int) -> Int {
        let w = (days + 3) % 7  // 1970-01-01 was a Thursday (3 when Monday is 0)
        return w < 0 ? w + 7 : w
    }

    /// Floor division for possibly negative epoch values.
    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Parses `YYYY-MM-DD` into a day number; `nil` when malformed or out of range.
    static func parseDate(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let dayNumber = days(year: year, month: month, day: day)
        let back = civil(days: dayNumber)
        guard back.month == month, back.day == day else { return nil }  // rejects 2025-02-30
        return dayNumber
    }

    /// `YYYY-MM-DD` of a day number.
    static func dateString(days: Int) -> String {
        let c = civil(days: days)
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    /// RFC 3339 UTC with second precision (`2025-11-09T00:25:00Z`) of epoch seconds.
    static func rfc3339(epochSeconds: Int64) -> String {
        let dayNumber = Int(floorDiv(epochSeconds, 86_400))
        let secondOfDay = Int(epochSeconds - Int64(dayNumber) * 86_400)
        return dateString(days: dayNumber) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
