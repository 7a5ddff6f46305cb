#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses nginx / Apache combined and common log format lines:
/// `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$referer" "$ua"`.
///
/// Honours the `[10/Oct/2025:13:55:36 -0800]` offset (the event time is UTC), IPv6 clients, `-` for
/// absent fields and `\"` escapes inside quoted fields. The common format (no referer or user agent)
/// is accepted too. Allocation-free.
public struct CombinedLogParser: Sendable {
    public init() {}

    /// Fills `event` from `line`. Returns false for a malformed line.
    /// - Complexity: O(line length).
    @inlinable
    public func parse(_ line: UnsafeRawBufferPointer, into event: inout Event) -> Bool {
        let n = line.count
        var i = 0
        event = Event()
        // $remote_addr
        let clientStart = i
        while i < n && line[i] != ASCII.space { i += 1 }
        guard i < n, i > clientStart else { return false }
        event.client = ByteRange(start: clientStart, end: i)
        // $remote_logname (ident), usually "-"
        i += 1
        while i < n && line[i] != ASCII.space { i += 1 }
        guard i < n else { return false }
        i += 1
        // $remote_user; may be quoted by some Apache setups
        var userStart = i
        var userEnd = i
        if i < n && line[i] == ASCII.quote {
            guard let close = Self.closingQuote(line, from: i + 1) else { return false }
            userStart = i + 1
            userEnd = close
            i = close + 1
        } else {
            while i < n && line[i] != ASCII.space { i += 1 }
            userEnd = i
        }
        if !(userEnd - userStart == 1 && line[userStart] == ASCII.dash) {
            event.user = ByteRange(start: userStart, end: userEnd)
        }
        while i < n && line[i] == ASCII.space { i += 1 }
        // [$time_local]
        guard i < n, line[i] == ASCII.openBracket, let t = Self.parseTimeLocal(line, at: i + 1) else { return false }
        event.time = t
        guard let closeBracket = RequestClassifier.firstIndex(of: ASCII.closeBracket, in: line, from: i, to: n)
        else { return false }
        i = closeBracket + 1
        while i < n && line[i] == ASCII.space { i += 1 }
        // "$request"
        guard i < n, line[i] == ASCII.quote, let requestEnd = Self.closingQuote(line, from: i + 1) else {
            return false
        }
        let request = ByteRange(start: i + 1, end: requestEnd)
        i = requestEnd + 1
        while i < n && line[i] == ASCII.space { i += 1 }
        // $status
        let statusStart = i
        while i < n && line[i] != ASCII.space { i += 1 }
        guard let status = line.parseInt(ByteRange(start: statusStart, end: i)), status < 1000 else { return false }
        event.status = Int32(status)
        while i < n && line[i] == ASCII.space { i += 1 }
        // $body_bytes_sent
        let bytesStart = i
        while i < n && line[i] != ASCII.space { i += 1 }
        let bytesRange = ByteRange(start: bytesStart, end: i)
        if let b = line.parseInt(bytesRange) {
            event.bytes = b
        } else if !(bytesRange.count == 1 && line[bytesStart] == ASCII.dash) {
            return false
        }
        // "$http_referer" "$http_user_agent" (combined only)
        while i < n && line[i] == ASCII.space { i += 1 }
        if i < n && line[i] == ASCII.quote, let refererEnd = Self.closingQuote(line, from: i + 1) {
            i = refererEnd + 1
            while i < n && line[i] == ASCII.space { i += 1 }
            if i < n && line[i] == ASCII.quote, let uaEnd = Self.closingQuote(line, from: i + 1) {
                if !(uaEnd - i == 2 && line[i + 1] == ASCII.dash) {
                    event.userAgent = ByteRange(start: i + 1, end: uaEnd)
                }
            }
        }
        Self.classify(request: request, line: line, into: &event)
        return true
    }

    /// Splits `METHOD target PROTOCOL` and classifies the target. A request that is not of that
    /// shape (`"-"`, binary probes) stays `.other` with no repository.
    @inlinable
    static func classify(request: ByteRange, line: UnsafeRawBufferPointer, into event: inout Event) {
        var i = Int(request.start)
        let end = Int(request.end)
        while i < end && line[i] != ASCII.space { i += 1 }
        guard i < end else { return }
        let methodRange = ByteRange(start: Int(request.start), end: i)
        let method: RequestClassifier.Method =
            line.matches(methodRange, "GET")
            ? .get : line.matches(methodRange, "POST") ? .post : line.matches(methodRange, "HEAD") ? .head : .other
        i += 1
        let targetStart = i
        while i < end && line[i] != ASCII.space { i += 1 }
        guard i > targetStart, line[targetStart] == ASCII.slash else { return }
        let (action, resource) = RequestClassifier.classify(
            method: method, path: ByteRange(start: targetStart, end: i), status: event.status, in: line)
        event.action = action
        event.resource = resource
    }

    /// Index of the closing `"` starting the search at `from`, skipping backslash-escaped quotes.
    /// Uses `memchr`, then counts the backslashes before a hit: an odd number means escaped.
    @inlinable
    static func closingQuote(_ line: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = line.baseAddress else { return nil }
        var i = from
        let n = line.count
        while i < n {
            guard let hit = memchr(base + i, Int32(ASCII.quote), n - i) else { return nil }
            let q = base.distance(to: UnsafeRawPointer(hit))
            var backslashes = 0
            while q - backslashes - 1 >= from && line[q - backslashes - 1] == ASCII.backslash { backslashes += 1 }
            if backslashes & 1 == 0 { return q }
            i = q + 1
        }
        return nil
    }

    /// Parses `dd/Mon/yyyy:HH:MM:SS ±hhmm` at `at` into UTC seconds since the epoch.
    @inlinable
    static func parseTimeLocal(_ line: UnsafeRawBufferPointer, at p: Int) -> Int64? {
        guard p + 26 <= line.count else { return nil }
        @inline(__always) func d2(_ o: Int) -> Int? {
            let a = line[p + o] &- ASCII.zero
            let b = line[p + o + 1] &- ASCII.zero
            guard a < 10, b < 10 else { return nil }
            return Int(a) * 10 + Int(b)
        }
        guard let day = d2(0), let y1 = d2(7), let y2 = d2(9), let hh = d2(12), let mm = d2(15), let ss = d2(18),
            let oh = d2(22), let om = d2(24), line[p + 2] == ASCII.slash, line[p + 6] == ASCII.slash,
            line[p + 11] == ASCII.colon, line[p + 21] == ASCII.plus || line[p + 21] == ASCII.dash
        else { return nil }
        guard let month = monthNumber(line[p + 3], line[p + 4], line[p + 5]), (1...31).contains(day), hh < 24,
            mm < 60, ss <= 60
        else { return nil }
        let days = CivilTime.daysFromCivil(year: y1 * 100 + y2, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hh * 3600 + mm * 60 + ss)
        let offset = Int64(oh * 3600 + om * 60)
        return line[p + 21] == ASCII.plus ? local - offset : local + offset
    }

    /// English month abbreviation to 1…12 (case-insensitive).
    @inlinable
    static func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        let key = (UInt32(a | 0x20) << 16) | (UInt32(b | 0x20) << 8) | UInt32(c | 0x20)
        switch key {
        case 0x6A_616E: return 1  // jan
        case 0x66_6562: return 2  // feb
        case 0x6D_6172: return 3  // mar
        case 0x61_7072: return 4  // apr
        case 0x6D_6179: return 5  // may
        case 0x6A_756E: return 6  // jun
        case 0x6A_756C: return 7  // jul
        case 0x61_7567: return 8  // aug
        case 0x73_6570: return 9  // sep
        case 0x6F_6374: return 10  // oct
        case 0x6E_6F76: return 11  // nov
        case 0x64_6563: return 12  // dec
        default: return nil
        }
    }
}
