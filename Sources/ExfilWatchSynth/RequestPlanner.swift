/// The HTTP request an nginx line records.
enum PartKind: UInt8 {
    case infoRefs, lsRefs, uploadPack, receiveRefs, receivePack, lfsBatch, lfsObject
    case archiveWeb, zipball, tarball, exportPost, exportStatus, exportDownload
    case migrationPost, migrationStatus, migrationArchive
    case page, asset, api, graphql, health, scanner, odd, loginPage, sessionPost, noisePost, missing
}

/// One nginx line before formatting: which request, when it started and finished, what it returned.
struct LinePart {
    /// Completion time, epoch ms: lines are written in this order (nginx logs on completion).
    var done: Int64
    /// Start time, epoch ms: what `$time_local` shows, so lines are slightly out of order.
    var start: Int64
    /// `$body_bytes_sent`.
    var bytes: Int64
    var event: SynthEvent
    var status: UInt16
    var part: PartKind
    /// Part-specific detail (asset index, LFS object index).
    var sub: UInt8
    /// Whether `$remote_user` is set (basic auth and not the anonymous 401 probe).
    var authenticated: Bool
}

/// Expands events into the nginx requests a real server would log, with realistic sizes and timings.
///
/// Everything is derived from the event's own seed, so label windows computed from the same function
/// match the logged lines exactly.
enum RequestPlanner {
    /// Appends the lines `event` produces to `parts` (nothing for SSH git operations).
    /// - Complexity: O(lines produced); at most a handful per event.
    static func expand(_ event: SynthEvent, world: World, into parts: inout [LinePart]) {
        if event.has(EventFlag.ssh) { return }
        var rng = SynthRandom(seed: event.seed)
        var cursor = event.time
        let basic = event.has(EventFlag.basicAuth)

        @inline(__always)
        func add(_ kind: PartKind, _ status: UInt16, _ bytes: Int64, durationMs: Int64, auth: Bool, sub: UInt8 = 0) {
            let done = cursor + max(1, durationMs)
            parts.append(
                LinePart(
                    done: done, start: cursor, bytes: bytes, event: event, status: status,
                    part: kind, sub: sub, authenticated: auth))
            cursor = done + Int64(rng.int(3, 90))
        }
        @inline(__always) func quick() -> Int64 { Int64(min(900, rng.lognormal(median: 28, sigma: 0.7))) }

        switch event.kind {
        case .gitClone, .gitFetch, .gitPush:
            let repo = world.repos[Int(event.repo)]
            let push = event.kind == .gitPush
            if event.has(EventFlag.challenge) {
                add(
                    push ? .receiveRefs : .infoRefs, 401, Int64(rng.below(3) == 0 ? 0 : 26), durationMs: quick(),
                    auth: false)
            }
            if push {
                add(.receiveRefs, 200, Int64(repo.refsBytes) + Int64(rng.below(64)), durationMs: quick(), auth: basic)
                let duration = Int64(rng.lognormal(median: 900, sigma: 0.8))
                add(.receivePack, 200, Int64(rng.int(90, 480)), durationMs: duration, auth: basic)
                return
            }
            let v2 = speaksProtocolV2(event.ua, world: world)
            if v2 {
                add(.infoRefs, 200, Int64(rng.int(140, 230)), durationMs: quick(), auth: basic)
                add(.lsRefs, 200, Int64(repo.refsBytes) + Int64(rng.below(64)), durationMs: quick(), auth: basic)
            } else {
                add(.infoRefs, 200, Int64(repo.refsBytes) + Int64(rng.below(64)), durationMs: quick(), auth: basic)
            }
            let bytes: Int64
            if event.kind == .gitClone {
                bytes = Int64(Double(repo.packBytes) * rng.uniform(0.985, 1.02))
            } else {
                // An up-to-date v2 fetch stops after ls-refs; otherwise a small incremental pack.
                if v2 && rng.chance(0.3) { return }
                bytes = Int64(min(Double(repo.packBytes), max(180, rng.lognormal(median: 9_000, sigma: 1.7))))
            }
            add(.uploadPack, 200, bytes, durationMs: transferMs(bytes, &rng), auth: basic)
        case .lfsDownload:
            add(.lfsBatch, 200, Int64(rng.int(400, 2600)), durationMs: quick(), auth: basic)
            for k in 0..<rng.int(1, 4) {
                let bytes = Int64(min(400_000_000, max(2_000, rng.lognormal(median: 1_800_000, sigma: 1.6))))
                add(.lfsObject, 200, bytes, durationMs: transferMs(bytes, &rng), auth: basic, sub: UInt8(k))
            }
        case .archive:
            let repo = world.repos[Int(event.repo)]
            let bytes = Int64(Double(repo.packBytes) * rng.uniform(0.9, 1.5))
            let kind: PartKind = event.aux == 0 ? .archiveWeb : (event.aux == 1 ? .zipball : .tarball)
            add(kind, 200, bytes, durationMs: transferMs(bytes, &rng) + 300, auth: basic)
        case .exportStart:
            add(.exportPost, 202, 26, durationMs: Int64(rng.int(60, 400)), auth: basic)
            cursor += Int64(rng.int(1_000, 9_000))
            add(.exportStatus, 200, Int64(rng.int(330, 420)), durationMs: quick(), auth: basic)
        case .exportDownload:
            let bytes = Int64(Double(world.repos[Int(event.repo)].packBytes) * rng.uniform(1.1, 1.4)) + 40_000
            add(.exportStatus, 200, Int64(rng.int(330, 420)), durationMs: quick(), auth: basic)
            add(.exportDownload, 200, bytes, durationMs: transferMs(bytes, &rng), auth: basic)
        case .migration:
            add(.migrationPost, 201, Int64(rng.int(2_100, 6_500)), durationMs: Int64(rng.int(200, 1500)), auth: basic)
            cursor += Int64(rng.int(20_000, 90_000))
            add(.migrationStatus, 200, Int64(rng.int(2_100, 6_500)), durationMs: quick(), auth: basic)
            cursor += Int64(rng.int(15_000, 60_000))
            add(.migrationArchive, 302, 0, durationMs: quick(), auth: basic)
        case .webPage:
            add(
                .page, 200, Int64(rng.lognormal(median: 58_000, sigma: 0.5)),
                durationMs: Int64(
                    rng.lognormal(
                        median: 180, sigma: 0.6)), auth: basic)
            for k in 0..<rng.int(0, 3) {
                let cached = rng.chance(0.7)
                add(
                    .asset, cached ? 304 : 200, cached ? 0 : Int64(rng.lognormal(median: 90_000, sigma: 1.0)),
                    durationMs: quick(), auth: false, sub: UInt8(k))
            }
        case .apiCall:
            let status: UInt16 = rng.chance(0.04) ? 404 : (rng.chance(0.01) ? 403 : 200)
            let graph = event.aux % 9 == 8
            add(
                graph ? .graphql : .api, status,
                status == 200
                    ? Int64(rng.lognormal(median: 4_200, sigma: 1.1))
                    : Int64(rng.int(90, 160)), durationMs: Int64(rng.lognormal(median: 70, sigma: 0.8)), auth: basic)
        case .auditNoise:
            add(.noisePost, 302, 0, durationMs: Int64(rng.lognormal(median: 160, sigma: 0.5)), auth: basic)
        case .healthCheck:
            add(.health, 200, 2, durationMs: Int64(rng.int(1, 4)), auth: false)
        case .scannerProbe:
            let robots = WordLists.scannerPaths[Int(event.aux) % WordLists.scannerPaths.count] == "/robots.txt"
            add(
                .scanner, robots ? 200 : 404, robots ? 26 : Int64(rng.int(9_300, 9_420)), durationMs: quick(),
                auth: false)
        case .oddRequest:
            add(.odd, 400, event.aux % 3 == 2 ? 0 : 157, durationMs: Int64(rng.int(1, 40)), auth: false)
        case .login:
            add(.loginPage, 200, Int64(rng.int(18_000, 24_000)), durationMs: quick(), auth: false)
            cursor += Int64(rng.int(2_000, 15_000))
            add(.sessionPost, 302, 0, durationMs: Int64(rng.int(80, 400)), auth: false)
        case .missingRepo:
            add(.missing, 404, 9, durationMs: quick(), auth: basic)
        }
    }

    /// Audit `@timestamp` of an event: the operation finishes a little after the request started.
    @inline(__always)
    static func auditTime(_ event: SynthEvent) -> Int64 {
        event.time + Int64(mix64(event.seed ^ 0xA0D1) % 1_500)
    }

    /// Milliseconds to send `bytes`: server-side pack preparation plus transfer at 8–80 MB/s.
    @inline(__always)
    private static func transferMs(_ bytes: Int64, _ rng: inout SynthRandom) -> Int64 {
        let megabytesPerSecond = rng.lognormal(median: 28, sigma: 0.6)
        return Int64(rng.uniform(40, 400) + Double(bytes) / (megabytesPerSecond * 1_000))
    }

    /// Whether a client speaks git protocol v2 by default (git 2.26 and later; not JGit, go-git or libgit2).
    static func speaksProtocolV2(_ ua: Text, world: World) -> Bool {
        let p = world.arena.pointer(ua)
        let n = Int(ua.length)
        // "git/2.NN…": the prefix check is on raw bytes to stay allocation-free.
        guard n >= 7, p[0] == UInt8(ascii: "g"), p[1] == UInt8(ascii: "i"), p[2] == UInt8(ascii: "t"),
            p[3] == ASCII.slash, p[4] == UInt8(ascii: "2"), p[5] == UInt8(ascii: ".")
        else { return false }
        var minor = 0
        var i = 6
        while i < n, p[i] >= ASCII.zero, p[i] <= UInt8(ascii: "9") {
            minor = minor * 10 + Int(p[i] - ASCII.zero)
            i += 1
        }
        return minor >= 26
    }

    /// First and last logged instants (ms) of an event across both formats, for label windows.
    static func loggedSpan(_ event: SynthEvent, world: World, scratch: inout [LinePart])
        -> (first: Int64, last: Int64)
    {
        scratch.removeAll(keepingCapacity: true)
        expand(event, world: world, into: &scratch)
        var first = event.time
        var last = auditTime(event)
        for part in scratch {
            first = min(first, part.start)
            last = max(last, part.start)
        }
        return (first, last)
    }
}
