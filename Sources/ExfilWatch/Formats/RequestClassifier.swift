/// Classifies an HTTP request line's method and path into an ``ActionClass`` and the repository it
/// touches, for GitHub, GitLab, Bitbucket and Gitea URL layouts.
///
/// Git smart HTTP (gitprotocol-http(5)): `GET …/info/refs?service=git-upload-pack` is only the
/// handshake (`.other`); `POST …/git-upload-pack` is the pack transfer and counts as `.clone`.
/// Requests that failed (status ≥ 400) are `.other`: a denied clone moved nothing.
public enum RequestClassifier {
    /// The request methods the layouts tell apart (`HEAD` is neither a read nor a transfer).
    public enum Method: Sendable { case get, post, head, other }

    /// - Parameters:
    ///   - line: the whole line buffer; `path` is a range inside it (path plus query).
    /// - Returns: the action and the repository range (empty when none).
    @inlinable
    public static func classify(
        method: Method, path: ByteRange, status: Int32, in line: UnsafeRawBufferPointer
    ) -> (ActionClass, ByteRange) {
        let lower = Int(path.start)
        var upper = Int(path.end)
        if let q = firstIndex(of: ASCII.question, in: line, from: lower, to: upper) { upper = q }
        guard upper > lower, status < 400 else { return (.other, .empty) }

        if line.matches(at: upper - 16, "/git-upload-pack") {
            return (method == .post ? .clone : .other, repository(line, lower, upper - 16))
        }
        if line.matches(at: upper - 17, "/git-receive-pack") {
            return (method == .post ? .push : .other, repository(line, lower, upper - 17))
        }
        if line.matches(at: upper - 10, "/info/refs") {
            return (.other, repository(line, lower, upper - 10))
        }
        let infixes = firstInfixes(line, lower, upper)
        if let i = infixes.lfs {
            let isBatch = line.matches(at: upper - 6, "/batch")
            return (method == .get && !isBatch ? .lfs : .other, repository(line, lower, i))
        }
        if let i = infixes.gitlabLFS {
            return (method == .get ? .lfs : .other, repository(line, lower, gitlabProjectEnd(line, lower, i)))
        }
        if let i = infixes.archive {
            return (method == .get ? .archive : .other, repository(line, lower, i))
        }
        if line.matches(at: lower, "/api/v4/projects/") {
            return gitlabProjectAPI(method: method, line: line, from: lower + 17, to: upper)
        }
        var start = lower
        if line.matches(at: start, "/api/v3/") { start += 7 }
        if line.matches(at: start, "/repos/") {
            // GitHub REST: /repos/{owner}/{repo}/zipball|tarball[/{ref}]
            let owner = start + 7
            guard let s1 = firstIndex(of: ASCII.slash, in: line, from: owner, to: upper),
                let s2 = firstIndex(of: ASCII.slash, in: line, from: s1 + 1, to: upper)
            else { return (.other, .empty) }
            let isArchive = line.matches(at: s2, "/zipball") || line.matches(at: s2, "/tarball")
            return (isArchive && method == .get ? .archive : .other, repository(line, owner, s2))
        }
        if line.matches(at: start, "/orgs/"), let m = line.find("/migrations", from: start + 6, to: upper) {
            let isStart = method == .post && m + 11 == upper
            let isDownload = method == .get && line.matches(at: upper - 8, "/archive")
            return (isStart || isDownload ? .export : .other, repository(line, start + 6, m))
        }
        if line.matches(at: start, "/user/migrations") {
            let isStart = method == .post && start + 16 == upper
            let isDownload = method == .get && line.matches(at: upper - 8, "/archive")
            return (isStart || isDownload ? .export : .other, .empty)
        }
        if line.matches(at: lower, "/rest/api/")
            || (line.matches(at: lower, "/projects/") && line.find("/repos/", from: lower + 10, to: upper) != nil)
        {
            return bitbucketArchive(method: method, line: line, from: lower, to: upper)
        }
        // GitHub / Gitea web archive: /{owner}/{repo}/archive/{ref}.zip|.tar.gz
        if let s1 = firstIndex(of: ASCII.slash, in: line, from: lower + 1, to: upper),
            let s2 = firstIndex(of: ASCII.slash, in: line, from: s1 + 1, to: upper),
            line.matches(at: s2, "/archive/")
        {
            return (method == .get ? .archive : .other, repository(line, lower, s2))
        }
        return (.other, .empty)
    }

    /// The first offsets of `/info/lfs/objects/`, `/gitlab-lfs/objects/` and `/-/archive/` inside
    /// `lower..<upper`, found in one pass over the path's slashes (each infix starts with one; the
    /// byte after the slash picks the one to compare), as three `find`s would give them. The slashes
    /// are found eight bytes at a time (``slashMask(_:)``): a path has a handful of short segments,
    /// and a `memchr` call per segment cost more than the scan. Bytes after the last whole word need
    /// no look: a slash there has fewer than 11 bytes, the shortest infix, before `upper`.
    @inlinable
    static func firstInfixes(_ line: UnsafeRawBufferPointer, _ lower: Int, _ upper: Int)
        -> (lfs: Int?, gitlabLFS: Int?, archive: Int?)
    {
        var found: (lfs: Int?, gitlabLFS: Int?, archive: Int?) = (nil, nil, nil)
        guard let base = line.baseAddress else { return found }
        var i = lower
        while i + 8 < upper {
            var slashes = slashMask(UInt64(littleEndian: (base + i).loadUnaligned(as: UInt64.self)))
            while slashes != 0 {
                let at = i + slashes.trailingZeroBitCount >> 3
                slashes &= slashes &- 1
                switch line[at + 1] {
                case UInt8(ascii: "i"):
                    if found.lfs == nil && at + 18 <= upper && line.matches(at: at, "/info/lfs/objects/") {
                        found.lfs = at
                        return found  // the first check wins whatever follows
                    }
                case UInt8(ascii: "g"):
                    if found.gitlabLFS == nil && at + 20 <= upper && line.matches(at: at, "/gitlab-lfs/objects/") {
                        found.gitlabLFS = at
                    }
                case ASCII.dash:
                    if found.archive == nil && at + 11 <= upper && line.matches(at: at, "/-/archive/") {
                        found.archive = at
                    }
                default:
                    break
                }
            }
            i += 8
        }
        return found
    }

    /// The slashes in a word of eight bytes (little-endian): bit 7 of byte `k` of the result is set when
    /// byte `k` is `/`. Exact for every byte: `((x & 0x7F…) + 0x7F…) | x` sets a byte's top bit when any
    /// of its bits is set, with no carry into the next byte.
    @inlinable @inline(__always)
    static func slashMask(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ (UInt64(ASCII.slash) &* 0x0101_0101_0101_0101)
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// `/api/v4/projects/:id/export` (POST starts an export) and `…/export/download` (GET).
    @usableFromInline
    static func gitlabProjectAPI(method: Method, line: UnsafeRawBufferPointer, from: Int, to upper: Int)
        -> (ActionClass, ByteRange)
    {
        let idEnd = firstIndex(of: ASCII.slash, in: line, from: from, to: upper) ?? upper
        let project = ByteRange(start: from, end: idEnd)
        if line.matches(at: idEnd, "/export/download") && idEnd + 16 == upper {
            return (method == .get ? .export : .other, project)
        }
        if line.matches(at: idEnd, "/export") && idEnd + 7 == upper {
            return (method == .post ? .export : .other, project)
        }
        if line.matches(at: idEnd, "/repository/archive") {
            return (method == .get ? .archive : .other, project)
        }
        return (.other, project)
    }

    /// Bitbucket Server: `/rest/api/{latest|1.0}/projects/{KEY}/repos/{slug}/archive`, or the same
    /// without `/rest/api/{version}`.
    @usableFromInline
    static func bitbucketArchive(method: Method, line: UnsafeRawBufferPointer, from lower: Int, to upper: Int)
        -> (ActionClass, ByteRange)
    {
        guard let p = line.find("/projects/", from: lower, to: upper),
            let r = line.find("/repos/", from: p + 10, to: upper)
        else { return (.other, .empty) }
        let slugEnd = firstIndex(of: ASCII.slash, in: line, from: r + 7, to: upper) ?? upper
        let isArchive = line.matches(at: slugEnd, "/archive")
        // The range is KEY/repos/slug; the line's owner shortens it to KEY/slug, the name the clone URL
        // gives (``Event/Rewrites/bitbucketRepos``).
        return (isArchive && method == .get ? .archive : .other, ByteRange(start: p + 10, end: slugEnd))
    }

    /// GitLab puts `/-/` before sub-resources; the project path ends there.
    @usableFromInline
    static func gitlabProjectEnd(_ line: UnsafeRawBufferPointer, _ lower: Int, _ upper: Int) -> Int {
        if let dash = line.find("/-/", from: lower, to: upper) { return dash }
        return upper
    }

    /// Normalises a repository path: strips the leading `/`, a Bitbucket `scm/` prefix, a trailing
    /// `/` and `.git`.
    @inlinable
    static func repository(_ line: UnsafeRawBufferPointer, _ lower: Int, _ upper: Int) -> ByteRange {
        var s = lower
        var e = upper
        while s < e && line[s] == ASCII.slash { s += 1 }
        if line.matches(at: s, "scm/") { s += 4 }
        while e > s && line[e - 1] == ASCII.slash { e -= 1 }
        if e - s > 4 && line.matches(at: e - 4, ".git") { e -= 4 }
        return ByteRange(start: s, end: e)
    }

    @inlinable @inline(__always)
    static func firstIndex(of byte: UInt8, in line: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        line.index(of: byte, from: from, to: to)
    }
}
