extension Event {
    /// Rewrites a parser asks of the owner of the line buffer. Each makes its field shorter, so it is
    /// done in place, over the field's own bytes; rare, so the hot path only tests for `[]`.
    public struct Rewrites: OptionSet, Sendable, Equatable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A text field holds JSON escapes (`\u0026`, `\/`): see ``JSONStringDecoder``.
        public static let jsonEscapes = Rewrites(rawValue: 1)
        /// The resource is Bitbucket's `KEY/repos/slug` (an archive URL), to become `KEY/slug` as its
        /// clone URL (`/scm/KEY/slug.git`) names it: one repository, one name.
        public static let bitbucketRepos = Rewrites(rawValue: 2)
        /// The resource is a percent-encoded project path (GitLab's `group%2Fproj`), to become
        /// `group/proj` as its clone URL names it.
        public static let percentEncodedPath = Rewrites(rawValue: 4)
    }

    /// Makes the ``rewrites`` in `line`, the buffer the event was parsed from, and points the fields
    /// at the rewritten bytes. - Complexity: O(the fields' length).
    public mutating func applyRewrites(in line: UnsafeMutableRawBufferPointer) {
        guard !rewrites.isEmpty else { return }
        // These writes are unchecked in a release build: refuse ranges that are not inside `line` (an
        // event paired with the wrong line) rather than write past it.
        let n = line.count
        func inside(_ r: ByteRange) -> Bool { r.start >= 0 && Int(r.end) <= n }
        guard inside(user) && inside(client) && inside(resource) && inside(userAgent) && inside(token) else {
            rewrites = []
            return
        }
        if rewrites.contains(.jsonEscapes) {
            user = JSONStringDecoder.decode(user, in: line)
            client = JSONStringDecoder.decode(client, in: line)
            resource = JSONStringDecoder.decode(resource, in: line)
            userAgent = JSONStringDecoder.decode(userAgent, in: line)
            token = JSONStringDecoder.decode(token, in: line)
        }
        if rewrites.contains(.bitbucketRepos) { resource = Self.collapseRepos(resource, in: line) }
        if rewrites.contains(.percentEncodedPath) { resource = Self.decodeSlashes(resource, in: line) }
        rewrites = []
    }

    /// `KEY/repos/slug` → `KEY/slug`, moving the slug left over `repos/`.
    static func collapseRepos(_ range: ByteRange, in line: UnsafeMutableRawBufferPointer) -> ByteRange {
        let start = Int(range.start)
        let end = Int(range.end)
        guard let slash = (start..<end).first(where: { line[$0] == ASCII.slash }),
            end - slash >= 7, UnsafeRawBufferPointer(line).matches(at: slash, "/repos/")
        else { return range }
        var w = slash + 1
        for r in (slash + 7)..<end {
            line[w] = line[r]
            w += 1
        }
        return ByteRange(start: start, end: w)
    }

    /// `%2F` and `%2f` → `/`; other escapes are kept as they are.
    static func decodeSlashes(_ range: ByteRange, in line: UnsafeMutableRawBufferPointer) -> ByteRange {
        var r = Int(range.start)
        var w = r
        let end = Int(range.end)
        while r < end {
            if line[r] == UInt8(ascii: "%"), r + 2 < end, line[r + 1] == UInt8(ascii: "2"),
                line[r + 2] | 0x20 == UInt8(ascii: "f")
            {
                line[w] = ASCII.slash
                r += 3
            } else {
                line[w] = line[r]
                r += 1
            }
            w += 1
        }
        return ByteRange(start: Int(range.start), end: w)
    }
}
