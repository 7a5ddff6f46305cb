import ExfilWatch

/// Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3): either delay-seconds (`120`) or an HTTP
/// date (`Wed, 21 Oct 2015 07:28:00 GMT`, also the obsolete RFC 850 and asctime forms).
public enum RetryAfter {
    /// How long to wait, or nil when `value` is neither form. A date in the past gives zero.
    /// - Parameter now: the current time, seconds since the epoch (UTC).
    public static func delay(_ value: String, now: Int64) -> Duration? {
        let text = value.trimmingSpaces()
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let seconds = Int64(text.prefix(12)) else { return nil }
            return .seconds(seconds)
        }
        guard let date = httpDate(text) else { return nil }
        return .seconds(max(0, date - now))
    }

    /// Seconds since the epoch for an HTTP date in any of its three forms, or nil.
    public static func httpDate(_ text: String) -> Int64? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," }).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var clock: [Int]?
        // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT",
        // asctime "Sun Nov  6 08:49:37 1994": take the fields by their shape; in all three the first
        // number is the day and the second the year.
        for part in parts.dropFirst() {
            if let index = months.firstIndex(of: part.lowercased()) {
                month = index + 1
            } else if part.contains(":") {
                let fields = part.split(separator: ":").compactMap { Int($0) }
                guard fields.count == 3 else { return nil }
                clock = fields
            } else if let number = Int(part) {
                if day == nil {
                    day = number
                } else if year == nil {
                    year = part.count == 2 ? (number < 70 ? 2000 + number : 1900 + number) : number
                } else {
                    return nil
                }
            } else if part.uppercased() != "GMT" && part.uppercased() != "UTC" {
                return nil
            }
        }
        guard let day, let month, let year, let clock, (1...31).contains(day), clock[0] < 24, clock[1] < 60,
            clock[2] <= 60
        else { return nil }
        let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(clock[0] * 3600 + clock[1] * 60 + clock[2])
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
