/// Formats events as GitHub audit-log JSON Lines (the streaming / export shape).
///
/// Git events (`git.clone`, `git.fetch`, `git.push`) carry token fields and no `created_at`;
/// `repo.download_zip` adds `created_at`, `public_repo`, `visibility` and `actor_is_bot`. Most events list
/// keys alphabetically; about one in seven comes through another pipeline that puts `action` first. Orgs with
/// IP disclosure off have no `actor_ip`; app installation tokens may have an empty `actor`. SSH git events
/// appear here but not in the nginx log. Every string written is known to need no JSON escaping.
final class AuditFormatter {
    private let world: World

    /// `programmatic_access_type` values, indexed by `Actor.accessType`.
    static let accessTypes: [StaticString] = [
        "Personal access token (classic)", "Fine-grained personal access token",
        "OAuth access token", "GitHub App server-to-server token",
    ]
    /// Non-git actions, indexed by a `.auditNoise` event's `aux`.
    static let noiseActions: [StaticString] = [
        "pull_request.merge", "pull_request.create",
        "pull_request_review.submit", "protected_branch.update", "repo.create", "org.add_member",
        "team.add_repository", "issue_comment.update",
    ]

    init(world: World) { self.world = world }

    /// Whether `event` produces an audit line at all (anonymous git and web traffic does not).
    @inline(__always)
    static func records(_ event: SynthEvent) -> Bool {
        switch event.kind {
        case .gitClone, .gitFetch, .gitPush: return !event.has(EventFlag.anonymous)
        case .archive, .exportStart, .exportDownload, .migration: return true
        case .auditNoise: return event.actor >= 0
        default: return false
        }
    }

    /// Appends the audit line of `event` (with its newline) to `out`. Call only when `records(event)`.
    func format(_ e: SynthEvent, into out: LineBuffer) {
        let time = RequestPlanner.auditTime(e)
        switch e.kind {
        case .gitClone, .gitFetch, .gitPush:
            if mix64(e.seed ^ 0x0DE7) % 7 == 0 { gitEventActionFirst(e, time, out) } else { gitEvent(e, time, out) }
        case .archive: downloadZip(e, time, out)
        case .exportStart, .exportDownload, .migration: migration(e, time, out)
        default: noise(e, time, out)
        }
    }

    // MARK: Shapes

    /// The action name and its closing quote.
    private func gitAction(_ e: SynthEvent, _ out: LineBuffer) {
        switch e.kind {
        case .gitPush: out.ascii("git.push\"")
        case .gitClone: out.ascii("git.clone\"")
        default: out.ascii(e.has(EventFlag.automation) ? "git.clone\"" : "git.fetch\"")
        }
    }

    private func gitEvent(_ e: SynthEvent, _ time: Int64, _ out: LineBuffer) {
        let repo = world.repos[Int(e.repo)]
        let org = world.orgs[Int(repo.org)]
        let actor = world.actors[Int(e.actor)]
        out.ascii("{\"@timestamp\":")
        out.int(time)
        documentId(e, out)
        out.ascii(",\"action\":\"")
        gitAction(e, out)
        actorFields(actor, e, org, out)
        out.ascii(",\"business\":\"")
        out.text(world.company)
        out.ascii("\",\"business_id\":")
        out.int(world.businessId)
        let ssh = e.has(EventFlag.ssh)
        if !ssh {
            out.ascii(",\"hashed_token\":\"")
            out.text(actor.hashedToken)
            out.byte(ASCII.quote)
        }
        orgFields(org, out)
        if !ssh { accessType(actor, out) }
        out.ascii(",\"repo\":\"")
        out.text(repo.fullName)
        out.ascii("\",\"repo_id\":")
        out.int(repo.repoId)
        out.ascii(",\"repository\":\"")
        out.text(repo.fullName)
        out.ascii(repo.isPublic ? "\",\"repository_public\":true" : "\",\"repository_public\":false")
        requestId(e, time, out)
        if !ssh {
            out.ascii(",\"token_id\":")
            out.int(actor.tokenId)
            tokenScopes(actor, out)
        }
        out.ascii(
            ssh
                ? ",\"transport_protocol\":2,\"transport_protocol_name\":\"ssh\""
                : ",\"transport_protocol\":1,\"transport_protocol_name\":\"http\"")
        out.ascii(",\"user_agent\":\"")
        out.text(e.ua)
        out.ascii("\"}\n")
    }

    private func gitEventActionFirst(_ e: SynthEvent, _ time: Int64, _ out: LineBuffer) {
        let repo = world.repos[Int(e.repo)]
        let org = world.orgs[Int(repo.org)]
        let actor = world.actors[Int(e.actor)]
        let ssh = e.has(EventFlag.ssh)
        out.ascii("{\"action\":\"")
        gitAction(e, out)
        actorFields(actor, e, org, out)
        orgFields(org, out)
        out.ascii(",\"repo\":\"")
        out.text(repo.fullName)
        out.ascii("\",\"repository\":\"")
        out.text(repo.fullName)
        out.ascii(repo.isPublic ? "\",\"repository_public\":true" : "\",\"repository_public\":false")
        out.ascii(
            ssh
                ? ",\"transport_protocol_name\":\"ssh\",\"transport_protocol\":2"
                : ",\"transport_protocol_name\":\"http\",\"transport_protocol\":1")
        out.ascii(",\"user_agent\":\"")
        out.text(e.ua)
        out.byte(ASCII.quote)
        if !ssh {
            out.ascii(",\"hashed_token\":\"")
            out.text(actor.hashedToken)
            out.byte(ASCII.quote)
            accessType(actor, out)
            out.ascii(",\"token_id\":")
            out.int(actor.tokenId)
        }
        out.ascii(",\"@timestamp\":")
        out.int(time)
        documentId(e, out)
        requestId(e, time, out)
        out.ascii(",\"business\":\"")
        out.text(world.company)
        out.ascii("\"}\n")
    }

    private func downloadZip(_ e: SynthEvent, _ time: Int64, _ out: LineBuffer) {
        let repo = world.repos[Int(e.repo)]
        let org = world.orgs[Int(repo.org)]
        out.ascii("{\"@timestamp\":")
        out.int(time)
        documentId(e, out)
        out.ascii(",\"action\":\"repo.download_zip\"")
        let bot: Bool
        if e.actor >= 0 {
            let actor = world.actors[Int(e.actor)]
            bot = actor.kind.isBot
            actorFields(actor, e, org, out)
        } else {
            bot = false
            out.ascii(",\"actor\":\"\",\"actor_ip\":\"")
            out.text(e.ip)
            out.byte(ASCII.quote)
        }
        out.ascii(bot ? ",\"actor_is_bot\":true" : ",\"actor_is_bot\":false")
        out.ascii(",\"business\":\"")
        out.text(world.company)
        out.ascii("\",\"created_at\":")
        out.int(time)
        out.ascii(",\"operation_type\":\"access\"")
        orgFields(org, out)
        out.ascii(repo.isPublic ? ",\"public_repo\":true" : ",\"public_repo\":false")
        out.ascii(",\"repo\":\"")
        out.text(repo.fullName)
        out.ascii("\",\"repo_id\":")
        out.int(repo.repoId)
        requestId(e, time, out)
        out.ascii(",\"user_agent\":\"")
        out.text(e.ua)
        out.ascii(
            repo.isPublic
                ? "\",\"visibility\":\"public\"}\n"
                : (repo.repoId % 3 == 0 ? "\",\"visibility\":\"internal\"}\n" : "\",\"visibility\":\"private\"}\n"))
    }

    private func migration(_ e: SynthEvent, _ time: Int64, _ out: LineBuffer) {
        let repo = world.repos[Int(e.repo)]
        let org = world.orgs[Int(repo.org)]
        let actor = world.actors[Int(e.actor)]
        out.ascii("{\"@timestamp\":")
        out.int(time)
        documentId(e, out)
        out.ascii(e.kind == .exportDownload ? ",\"action\":\"migration.download\"" : ",\"action\":\"migration.create\"")
        actorFields(actor, e, org, out)
        out.ascii(",\"business\":\"")
        out.text(world.company)
        out.ascii("\",\"created_at\":")
        out.int(time)
        out.ascii(",\"migration_id\":")
        out.int(e.kind == .migration ? Int64(e.aux) : Int64(repo.projectId) * 7 + 100_000)
        out.ascii(e.kind == .exportDownload ? ",\"operation_type\":\"access\"" : ",\"operation_type\":\"create\"")
        orgFields(org, out)
        accessType(actor, out)
        out.ascii(",\"repo\":\"")
        out.text(repo.fullName)
        out.byte(ASCII.quote)
        requestId(e, time, out)
        out.ascii(",\"user_agent\":\"")
        out.text(e.ua)
        out.ascii("\"}\n")
    }

    private func noise(_ e: SynthEvent, _ time: Int64, _ out: LineBuffer) {
        let repo = world.repos[Int(max(0, e.repo))]
        let org = world.orgs[Int(repo.org)]
        let actor = world.actors[Int(e.actor)]
        let action = Int(e.aux) % Self.noiseActions.count
        out.ascii("{\"@timestamp\":")
        out.int(time)
        documentId(e, out)
        out.ascii(",\"action\":\"")
        out.ascii(Self.noiseActions[action])
        out.byte(ASCII.quote)
        actorFields(actor, e, org, out)
        out.ascii(",\"business\":\"")
        out.text(world.company)
        out.ascii("\",\"created_at\":")
        out.int(time)
        out.ascii(action == 4 ? ",\"operation_type\":\"create\"" : ",\"operation_type\":\"modify\"")
        orgFields(org, out)
        if action <= 2 {
            var rng = SynthRandom(seed: e.seed ^ 0x4015E)
            let number = 1 + rng.below(Int(repo.maxPull))
            out.ascii(",\"pull_request_id\":")
            out.int(repo.repoId * 3 + Int64(number))
            out.ascii(",\"pull_request_url\":\"https://")
            out.text(world.host)
            out.byte(ASCII.slash)
            out.text(repo.fullName)
            out.ascii("/pull/")
            out.int(number)
            out.byte(ASCII.quote)
        }
        if action != 5 {
            out.ascii(",\"repo\":\"")
            out.text(repo.fullName)
            out.byte(ASCII.quote)
        }
        requestId(e, time, out)
        out.ascii(",\"user_agent\":\"")
        out.text(e.ua)
        out.ascii("\"}\n")
    }

    // MARK: Fields

    /// `,"actor":…,"actor_id":…[,"actor_ip":…,"actor_location":…]`.
    private func actorFields(_ actor: Actor, _ e: SynthEvent, _ org: Org, _ out: LineBuffer) {
        out.ascii(",\"actor\":\"")
        out.text(actor.name)
        out.byte(ASCII.quote)
        if !actor.name.isEmpty {
            out.ascii(",\"actor_id\":")
            out.int(actor.id)
        }
        if org.disclosesIP {
            out.ascii(",\"actor_ip\":\"")
            out.text(e.ip)
            out.ascii("\",\"actor_location\":{\"country_code\":\"")
            out.text(actor.country)
            out.ascii("\"}")
        }
    }

    private func orgFields(_ org: Org, _ out: LineBuffer) {
        out.ascii(",\"org\":\"")
        out.text(org.name)
        out.ascii("\",\"org_id\":")
        out.int(org.id)
    }

    private func accessType(_ actor: Actor, _ out: LineBuffer) {
        out.ascii(",\"programmatic_access_type\":\"")
        out.ascii(Self.accessTypes[Int(actor.accessType) % Self.accessTypes.count])
        out.byte(ASCII.quote)
    }

    /// Classic PATs and OAuth tokens have scopes; fine-grained and app tokens do not.
    private func tokenScopes(_ actor: Actor, _ out: LineBuffer) {
        switch actor.accessType {
        case 0: out.ascii(actor.tokenId % 2 == 0 ? ",\"token_scopes\":\"repo,workflow\"" : ",\"token_scopes\":\"repo\"")
        case 2: out.ascii(",\"token_scopes\":\"gist,repo,workflow\"")
        default: break
        }
    }

    /// `,"_document_id":"…"`: 22 URL-safe base64 characters.
    @inline(__always)
    private func documentId(_ e: SynthEvent, _ out: LineBuffer) {
        out.ascii(",\"_document_id\":\"")
        out.base64(seed: e.seed ^ 0xD0C1D, count: 22, urlSafe: true)
        out.byte(ASCII.quote)
    }

    /// GitHub-style request id, `C2A4:3B1E:1F2D3A4:2E5F6B7:6730C1D2`; the last group is the epoch second.
    @inline(__always)
    private func requestId(_ e: SynthEvent, _ time: Int64, _ out: LineBuffer) {
        let r = mix64(e.seed ^ 0x5E0)
        out.ascii(",\"request_id\":\"")
        out.upperHex(0x1000 | (r & 0xFFFF))
        out.byte(ASCII.colon)
        out.upperHex(0x1000 | ((r >> 16) & 0xFFFF))
        out.byte(ASCII.colon)
        out.upperHex(0x100000 | ((r >> 32) & 0xFFFFFF))
        out.byte(ASCII.colon)
        out.upperHex(0x100000 | (mix64(r) & 0xFFFFFF))
        out.byte(ASCII.colon)
        out.upperHex(UInt64(time / 1000))
        out.byte(ASCII.quote)
    }
}
