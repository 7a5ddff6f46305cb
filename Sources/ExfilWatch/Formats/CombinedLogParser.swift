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

    /// Fills `event` from `line`. Returns false for a malformed line (a time outside
    /// ``Event/plausibleTimes`` included).
    /// - Complexity: O(line length).
    @inlinable
    public func parse(_ line: UnsafeRawBufferPointer, into event: inout Event) -> Bool {
        var days = DayCache()
        return parse(line, into: &event, days: &days)
    }

    /// ``parse(_:into:)`` for a loop over many lines, which keeps the last date's day number in `days`.
    /// With `userAgentOfUnclassified` false, an event classified `.other` is returned without its user
    /// agent: the referer and user agent never make a line malformed, so skipping them changes nothing
    /// else, and a reader that drops such events saves the search for their four quotes.
    @inlinable
    func parse(
        _ line: UnsafeRawBufferPointer, into event: inout Event, days: inout DayCache,
        userAgentOfUnclassified: Bool = true
    ) -> Bool {
        let n = line.count
        var i = 0
        event = Event()
        // $remote_addr
        let clientStart = i
        i = line.index(of: ASCII.space, from: i, to: n) ?? n
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
            i = line.index(of: ASCII.space, from: i, to: n) ?? n
            userEnd = i
        }
        if !(userEnd - userStart == 1 && line[userStart] == ASCII.dash) {
            event.user = ByteRange(start: userStart, end: userEnd)
        }
        while i < n && line[i] == ASCII.space { i += 1 }
        // [$time_local]
        guard i < n, line[i] == ASCII.openBracket, let t = Self.parseTimeLocal(line, at: i + 1, days: &days),
            Event.plausibleTimes.contains(t)
        else { return false }
        event.time = t
        // The 26 bytes after `[` were just read as digits, slashes, a month, a colon and a sign; with the
        // three separators the reader skips also in place, a `]` right after them is the first one. A
        // search only for other shapes.
        if i + 27 < n && line[i + 27] == ASCII.closeBracket && line[i + 15] == ASCII.colon
            && line[i + 18] == ASCII.colon && line[i + 21] == ASCII.space
        {
            i += 28
        } else {
            guard let closeBracket = RequestClassifier.firstIndex(of: ASCII.closeBracket, in: line, from: i, to: n)
            else { return false }
            i = closeBracket + 1
        }
        while i < n && line[i] == ASCII.space { i += 1 }
        // "$request"
        guard i < n, line[i] == ASCII.quote, let requestEnd = Self.closingQuote(line, from: i + 1) else {
            return false
        }
        let request = ByteRange(start: i + 1, end: requestEnd)
        i = requestEnd + 1
        while i < n && line[i] == ASCII.space { i += 1 }
        // $status
        let (statusEnd, statusValue) = line.digitsToSpace(from: i, to: n)
        i = statusEnd
        guard let status = statusValue, status < 1000 else { return false }
        event.status = Int32(status)
        while i < n && line[i] == ASCII.space { i += 1 }
        // $body_bytes_sent
        let bytesStart = i
        let (bytesEnd, bytesValue) = line.digitsToSpace(from: i, to: n)
        i = bytesEnd
        if let b = bytesValue {
            event.bytes = b
        } else if !(i - bytesStart == 1 && line[bytesStart] == ASCII.dash) {
            return false
        }
        Self.classify(request: request, line: line, into: &event)
        if event.action == .other && !userAgentOfUnclassified { return true }
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
        return true
    }

    /// Splits `METHOD target PROTOCOL` and classifies the target. A request that is not of that
    /// shape (`"-"`, binary probes) stays `.other` with no repository.
    @inlinable
    static func classify(request: ByteRange, line: UnsafeRawBufferPointer, into event: inout Event) {
        let end = Int(request.end)
        let start = Int(request.start)
        let method: RequestClassifier.Method
        var i: Int
        // Most requests start `GET ` or `POST `: then the first space is known without a search.
        if start + 4 <= end && line.matches(at: start, "GET ") {
            method = .get
            i = start + 4
        } else if start + 5 <= end && line.matches(at: start, "POST ") {
            method = .post
            i = start + 5
        } else {
            guard let space = line.index(of: ASCII.space, from: start, to: end) else { return }
            let methodRange = ByteRange(start: start, end: space)
            method =
                line.matches(methodRange, "GET")
                ? .get : line.matches(methodRange, "POST") ? .post : line.matches(methodRange, "HEAD") ? .head : .other
            i = space + 1
        }
        let targetStart = i
        i = line.index(of: ASCII.space, from: i, to: end) ?? end
        guard i > targetStart, line[targetStart] == ASCII.slash else { return }
        let (action, resource) = RequestClassifier.classify(
            method: method, path: ByteRange(start: targetStart, end: i), status: event.status, in: line)
        event.action = action
        if action == .archive || action == .export {
            if line.matches(at: targetStart, "/api/v4/projects/") {
                if line.index(of: UInt8(ascii: "%"), from: Int(resource.start), to: Int(resource.end)) != nil {
                    event.rewrites.insert(.percentEncodedPath)  // GitLab's group%2Fproj
                }
            } else if action == .archive && line.matches(at: Int(resource.start) - 10, "/projects/") {
                event.rewrites.insert(.bitbucketRepos)  // KEY/repos/slug, named KEY/slug by its clone URL
            }
        }
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

    /// Parses `dd/Mon/yyyy:HH:MM:SS ±hhmm` at `at` into UTC seconds since the epoch. The date part is
    /// validated and converted only when it differs from the one in `days`, the hour, minute and
    /// offset only when they differ from the last line's (most lines share their minute): then only
    /// the seconds are read, with the checks the full parse makes of them.
    @inlinable
    static func parseTimeLocal(_ line: UnsafeRawBufferPointer, at p: Int, days cache: inout DayCache) -> Int64? {
        guard p + 26 <= line.count, let b = line.baseAddress else { return nil }
        let t = b + p
        @inline(__always) func byte(_ o: Int) -> UInt8 { t.load(fromByteOffset: o, as: UInt8.self) }
        @inline(__always) func digit(_ o: Int) -> UInt32 { UInt32(byte(o) &- ASCII.zero) }
        let low = t.loadUnaligned(as: UInt64.self)
        let high = t.loadUnaligned(fromByteOffset: 3, as: UInt64.self)
        if !(cache.isValid && cache.low == low && cache.high == high) {
            // dd/Mon/yyyy
            let d0 = digit(0), d1 = digit(1), y0 = digit(7), y1 = digit(8), y2 = digit(9), y3 = digit(10)
            guard max(max(d0, d1), max(max(y0, y1), max(y2, y3))) < 10, byte(2) == ASCII.slash,
                byte(6) == ASCII.slash, let month = monthNumber(byte(3), byte(4), byte(5))
            else { return nil }
            let day = Int(d0 * 10 + d1)
            guard day >= 1, day <= 31 else { return nil }
            let year = Int(y0 * 1000 + y1 * 100 + y2 * 10 + y3)
            cache = DayCache()
            cache.low = low
            cache.high = high
            cache.days = CivilTime.daysFromCivil(year: year, month: month, day: day)
            cache.isValid = true
        }
        let hourMinute = UInt64(littleEndian: t.loadUnaligned(fromByteOffset: 11, as: UInt64.self)) & 0xFFFF_FFFF_FFFF
        let zone = UInt64(littleEndian: t.loadUnaligned(fromByteOffset: 18, as: UInt64.self)) & ~0xFFFF
        if cache.minuteIsValid && cache.hourMinute == hourMinute && cache.zone == zone {
            let s0 = digit(18), s1 = digit(19)
            guard max(s0, s1) < 10 else { return nil }
            let ss = Int64(s0 * 10 + s1)
            guard ss <= 60 else { return nil }
            return cache.minuteStart &+ ss
        }
        // :HH:MM:SS ±hhmm
        let h0 = digit(12), h1 = digit(13), m0 = digit(15), m1 = digit(16), s0 = digit(18), s1 = digit(19)
        let o0 = digit(22), o1 = digit(23), o2 = digit(24), o3 = digit(25)
        let largest = max(max(max(h0, h1), max(m0, m1)), max(max(s0, s1), max(max(o0, o1), max(o2, o3))))
        let sign = byte(21)
        guard largest < 10, byte(11) == ASCII.colon, sign == ASCII.plus || sign == ASCII.dash else { return nil }
        let hh = Int(h0 * 10 + h1), mm = Int(m0 * 10 + m1), ss = Int(s0 * 10 + s1)
        guard hh < 24, mm < 60, ss <= 60 else { return nil }
        let local = Int64(cache.days) &* 86_400 &+ Int64(hh * 3600 + mm * 60 + ss)
        let offset = Int64(Int(o0 * 10 + o1) * 3600 + Int(o2 * 10 + o3) * 60)
        let utc = sign == ASCII.plus ? local &- offset : local &+ offset
        cache.hourMinute = hourMinute
        cache.zone = zone
        cache.minuteStart = utc &- Int64(ss)
        cache.minuteIsValid = true
        return utc
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
