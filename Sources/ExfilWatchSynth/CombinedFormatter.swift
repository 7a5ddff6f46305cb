/// Formats `LinePart`s as nginx combined log lines:
/// `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`.
///
/// Everything is written byte by byte into the file's `LineBuffer`; the `$time_local` text is cached per
/// second because consecutive lines almost always share it.
final class CombinedFormatter {
    let world: World
    private let offsetMs: Int64
    private let offsetText: [UInt8]
    private let assetHashes: [UInt64]
    private var cachedSecond: Int64 = .min
    private let cachedTime = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
    private var cachedLength = 0

    private static let months: [[UInt8]] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec",
    ].map { Array($0.utf8) }
    private static let assetNames: [StaticString] = [
        "app", "vendors-node_modules_primer", "behaviors",
        "github-elements", "repository", "diffs", "code-view",
    ]

    /// - Parameters:
    ///   - offsetMinutes: the server's UTC offset, written in `$time_local`.
    ///   - seed: fixes the content hashes in asset file names for this world.
    init(world: World, offsetMinutes: Int, seed: UInt64) {
        self.world = world
        offsetMs = Int64(offsetMinutes) * CivilTime.msPerMinute
        offsetText = Array(SynthConfig.formatOffset(offsetMinutes).utf8)
        assetHashes = (0..<Self.assetNames.count).map { streamKey(seed, 0xA55E7, UInt64($0)) }
    }

    deinit { cachedTime.deallocate() }

    /// Appends one line for `line` to `out` (with its trailing newline).
    func format(_ line: LinePart, into out: LineBuffer) {
        let e = line.event
        out.text(e.ip)
        out.ascii(" - ")
        if line.authenticated && e.actor >= 0 {
            out.text(world.actors[Int(e.actor)].httpUser)
        } else {
            out.byte(ASCII.dash)
        }
        out.ascii(" [")
        writeTime(line.start, out)
        out.ascii("] \"")
        writeRequest(line, out)
        out.ascii("\" ")
        out.uint(UInt64(line.status))
        out.byte(ASCII.space)
        out.int(line.bytes)
        out.ascii(" \"")
        writeReferer(line, out)
        out.ascii("\" \"")
        if e.ua.isEmpty { out.byte(ASCII.dash) } else { out.text(e.ua) }
        out.ascii("\"\n")
    }

    /// `dd/Mon/yyyy:HH:MM:SS ±hhmm` in the server's zone.
    @inline(__always)
    private func writeTime(_ ms: Int64, _ out: LineBuffer) {
        let second = CivilTime.floorDiv(ms, 1000)
        if second != cachedSecond {
            cachedSecond = second
            let local = second + offsetMs / 1000
            let day = Int(CivilTime.floorDiv(local, 86_400))
            let secondOfDay = Int(local - Int64(day) * 86_400)
            let date = CivilTime.civil(days: day)
            let mark = out.count
            out.pad2(date.day)
            out.byte(ASCII.slash)
            out.array(Self.months[date.month - 1])
            out.byte(ASCII.slash)
            out.pad4(date.year)
            out.byte(ASCII.colon)
            out.pad2(secondOfDay / 3600)
            out.byte(ASCII.colon)
            out.pad2(secondOfDay / 60 % 60)
            out.byte(ASCII.colon)
            out.pad2(secondOfDay % 60)
            out.byte(ASCII.space)
            out.array(offsetText)
            cachedLength = out.count - mark
            cachedTime.update(from: out.base + mark, count: cachedLength)
            return
        }
        out.bytes(cachedTime, cachedLength)
    }

    private func writeRequest(_ line: LinePart, _ out: LineBuffer) {
        let e = line.event
        let repo = e.repo >= 0 ? world.repos[Int(e.repo)] : nil
        // Scripts (basic auth, or an anonymous sweep) speak HTTP/1.1 and send no referer; browsers use HTTP/2.
        let browser = !e.has(EventFlag.basicAuth) && !e.has(EventFlag.malicious)
        func gitBase() {
            out.byte(ASCII.slash)
            if let repo { out.text(repo.fullName) }
            if !e.has(EventFlag.noDotGit) { out.ascii(".git") }
        }
        func repoPath() {
            out.byte(ASCII.slash)
            if let repo { out.text(repo.fullName) }
        }
        func orgName() {
            if let repo { out.text(world.orgs[Int(repo.org)].name) }
        }
        switch line.part {
        case .infoRefs:
            out.ascii("GET ")
            gitBase()
            out.ascii("/info/refs?service=git-upload-pack HTTP/1.1")
        case .lsRefs, .uploadPack:
            out.ascii("POST ")
            gitBase()
            out.ascii("/git-upload-pack HTTP/1.1")
        case .receiveRefs:
            out.ascii("GET ")
            gitBase()
            out.ascii("/info/refs?service=git-receive-pack HTTP/1.1")
        case .receivePack:
            out.ascii("POST ")
            gitBase()
            out.ascii("/git-receive-pack HTTP/1.1")
        case .lfsBatch:
            out.ascii("POST ")
            repoPath()
            out.ascii(".git/info/lfs/objects/batch HTTP/1.1")
        case .lfsObject:
            out.ascii("GET ")
            repoPath()
            out.ascii(".git/info/lfs/objects/")
            for k in 0..<4 { out.hex(mix64(e.seed &+ UInt64(line.sub) &* 31 &+ UInt64(k)), digits: 16) }
            out.ascii(" HTTP/1.1")
        case .archiveWeb:
            out.ascii("GET ")
            repoPath()
            out.ascii(
                e.aux == 0 && mix64(e.seed) & 3 == 0
                    ? "/archive/refs/heads/main.tar.gz" : "/archive/refs/heads/main.zip")
            out.ascii(browser ? " HTTP/2.0" : " HTTP/1.1")
        case .zipball, .tarball:
            out.ascii("GET /repos")
            repoPath()
            out.ascii(line.part == .zipball ? "/zipball/main HTTP/1.1" : "/tarball/main HTTP/1.1")
        case .exportPost, .exportStatus, .exportDownload:
            out.ascii(line.part == .exportPost ? "POST /api/v4/projects/" : "GET /api/v4/projects/")
            out.uint(UInt64(repo?.projectId ?? 0))
            out.ascii(line.part == .exportDownload ? "/export/download HTTP/1.1" : "/export HTTP/1.1")
        case .migrationPost:
            out.ascii("POST /orgs/")
            orgName()
            out.ascii("/migrations HTTP/1.1")
        case .migrationStatus, .migrationArchive:
            out.ascii("GET /orgs/")
            orgName()
            out.ascii("/migrations/")
            out.uint(UInt64(e.aux))
            out.ascii(line.part == .migrationArchive ? "/archive HTTP/1.1" : " HTTP/1.1")
        case .page:
            out.ascii("GET ")
            writePagePath(e, out)
            out.ascii(" HTTP/2.0")
        case .asset:
            out.ascii("GET /assets/")
            // Consecutive names from a per-page start, so one page never loads the same asset twice.
            let k = Int((mix64(e.seed ^ 0xA55E7) &+ UInt64(line.sub)) % UInt64(Self.assetNames.count))
            out.ascii(Self.assetNames[k])
            out.byte(ASCII.dash)
            out.hex(assetHashes[k], digits: 12)
            out.ascii(k % 3 == 1 ? ".css HTTP/2.0" : ".js HTTP/2.0")
        case .api:
            writeAPIRequest(e, out)
        case .graphql:
            out.ascii("POST /api/graphql HTTP/1.1")
        case .health:
            out.ascii("GET /status HTTP/1.1")
        case .scanner:
            out.ascii("GET ")
            var path = WordLists.scannerPaths[Int(e.aux) % WordLists.scannerPaths.count]
            path.withUTF8 { p in if let base = p.baseAddress { out.bytes(base, p.count) } }
            out.ascii(" HTTP/1.1")
        case .odd:
            switch e.aux % 6 {
            case 0: out.ascii("\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03\\xA7\\x1B\\x9C")
            case 1: out.ascii("SSH-2.0-Go")
            case 2: break
            case 3: out.ascii("\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr")
            case 4: out.ascii("MGLNDD_10.0.0.5_443")
            default: out.ascii("PRI * HTTP/2.0")
            }
        case .loginPage:
            out.ascii("GET /login?return_to=%2F")
            if let repo { writeEscapedName(repo.fullName, out) }
            out.ascii(" HTTP/2.0")
        case .sessionPost:
            out.ascii("POST /session HTTP/2.0")
        case .noisePost:
            writeNoiseRequest(e, out)
        case .missing:
            out.ascii("GET /")
            if let repo {
                out.bytes(world.arena.pointer(repo.fullName), Int(repo.fullName.length) - 1)
            }
            out.ascii(".git/info/refs?service=git-upload-pack HTTP/1.1")
        }
    }

    /// Repository name with `/` percent-encoded (for `return_to`).
    private func writeEscapedName(_ name: Text, _ out: LineBuffer) {
        let p = world.arena.pointer(name)
        for i in 0..<Int(name.length) {
            if p[i] == ASCII.slash { out.ascii("%2F") } else { out.byte(p[i]) }
        }
    }

    private func writeReferer(_ line: LinePart, _ out: LineBuffer) {
        let e = line.event
        switch line.part {
        case .page:
            let roll = mix64(e.seed ^ 0x2EF) % 100
            if e.aux == 9 || roll >= 70 || e.repo < 0 {
                out.byte(ASCII.dash)
            } else {
                out.ascii("https://")
                out.text(world.host)
                out.byte(ASCII.slash)
                if roll < 55 { out.text(world.repos[Int(e.repo)].fullName) }
            }
        case .asset:
            out.ascii("https://")
            out.text(world.host)
            writePagePath(e, out)
        case .sessionPost:
            out.ascii("https://")
            out.text(world.host)
            out.ascii("/login")
        case .noisePost, .archiveWeb:
            if e.has(EventFlag.basicAuth) || e.has(EventFlag.malicious) || e.repo < 0 {
                out.byte(ASCII.dash)
            } else {
                out.ascii("https://")
                out.text(world.host)
                out.byte(ASCII.slash)
                out.text(world.repos[Int(e.repo)].fullName)
            }
        default:
            out.byte(ASCII.dash)
        }
    }
}
