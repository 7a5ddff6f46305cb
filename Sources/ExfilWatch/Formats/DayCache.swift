/// The day number of the last `dd/Mon/yyyy` date a parsing loop met. Consecutive log lines share
/// their date, so the date is validated and converted about once per day of log rather than once
/// per line; a line whose 11 date bytes equal the cached ones gets the cached day number.
@usableFromInline
struct DayCache {
    /// The date bytes as two overlapping words (bytes 0..<8 and 3..<11).
    @usableFromInline var low: UInt64 = 0
    @usableFromInline var high: UInt64 = 0
    /// Days since 1970-01-01 of that date.
    @usableFromInline var days = 0
    @usableFromInline var isValid = false
    /// The last minute parsed on that date: its `:HH:MM` and ` ±hhmm` bytes (offsets 11..<17 and
    /// 20..<26, as little-endian words with the other bytes masked out) and its first second, UTC. A
    /// line of the same minute then only reads its seconds.
    @usableFromInline var hourMinute: UInt64 = 0
    @usableFromInline var zone: UInt64 = 0
    @usableFromInline var minuteStart: Int64 = 0
    @usableFromInline var minuteIsValid = false

    @inlinable init() {}
}
