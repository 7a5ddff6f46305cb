/// Event-time arithmetic shared by the windowing code: seconds → minutes, hour of week, floor division.
///
/// Windows and buckets are whole minutes, so every per-actor time is an `Int32` minute number
/// (minutes since 1970-01-01T00:00Z), which fits until the year 6053.
enum EventTime {
    /// Minutes in a week (hour-of-week profiles have 168 slots).
    static let minutesPerWeek: Int32 = 7 * 24 * 60

    /// Floor division that rounds toward −∞ (Swift's `/` truncates toward zero).
    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Floor division on minute numbers.
    @inline(__always)
    static func floorDiv(_ a: Int32, _ b: Int32) -> Int32 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The minute containing `seconds` (seconds since the epoch, UTC), clamped to the `Int32` range.
    @inline(__always)
    static func minute(ofSeconds seconds: Int64) -> Int32 {
        let m = floorDiv(seconds, 60)
        return Int32(clamping: m)
    }

    /// Hour of the week, 0 = Monday 00:00–00:59 UTC … 167 = Sunday 23:00–23:59 UTC.
    /// The Unix epoch (day 0) was a Thursday, hence the `+ 3`.
    @inline(__always)
    static func hourOfWeek(minute: Int32) -> Int {
        let hour = Int(floorDiv(minute, 60))
        let day = hour >= 0 ? hour / 24 : (hour - 23) / 24
        let weekday = ((day + 3) % 7 + 7) % 7
        let hourOfDay = hour - day * 24
        return weekday * 24 + hourOfDay
    }
}
