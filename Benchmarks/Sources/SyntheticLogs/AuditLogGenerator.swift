/// Writes GitHub audit-log JSON lines (the streaming format: `@timestamp` in epoch milliseconds,
/// `_document_id`, `actor`, `actor_ip`, nested `actor_location`, `hashed_token`, …): mostly
/// `git.clone` and `git.fetch` (HTTP and SSH), some pushes, repository access, pull requests,
/// workflow runs with nested payloads, archive downloads, and now and then a cloning spree.
///
/// Deterministic for a seed; time moves forward by a random gap per line around the mean rate.
public struct AuditLogGenerator: Sendable {
    public let population: Population
    private var rng: SplitMix64
    /// Current event time, milliseconds since the Unix epoch (UTC).
    public private(set) var clockMillis: Int64
    private let meanGapMillis: Int
    private var burst: (user: Int, remaining: Int)?

    static let otherActions: [StaticString] = [
        "repo.access", "pull_request.create", "pull_request.merge", "protected_branch.policy_override",
        "workflows.completed_workflow_run", "org.update_member", "repo.download_zip", "team.add_repository",
    ]
    static let httpAgents: [[UInt8]] = [
        "git/2.43.0", "git/2.39.3 (Apple Git-146)", "JGit/6.9.0.202403050737-r",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    ].map { Array($0.utf8) }
    static let sshAgent: [UInt8] = Array("SSH-2.0-OpenSSH_9.6".utf8)

    /// - Parameters:
    ///   - start: time of the first line, seconds since the Unix epoch (UTC).
    ///   - linesPerSecond: mean rate of lines.
    public init(population: Population, seed: UInt64, start: Int64, linesPerSecond: Double) {
        self.population = population
        rng = SplitMix64(seed: seed)
        clockMillis = start * 1000
        meanGapMillis = max(0, Int((1000 / linesPerSecond).rounded()))
    }

    /// Appends whole lines until `writer` holds at least `bytes` bytes.
    public mutating func append(to writer: inout ByteWriter, untilCount bytes: Int) {
        while writer.count < bytes { appendLine(to: &writer) }
    }

    /// Appends one event line.
    public mutating func appendLine(to w: inout ByteWriter) {
        clockMillis += Int64(rng.below(2 * meanGapMillis + 1))
        var u = rng.mildlySkewed(population.users.count)
        let action: StaticString
        if let b = burst {
            u = b.user
            action = "git.clone"
            burst = b.remaining > 1 ? (b.user, b.remaining - 1) : nil
        } else {
            if rng.chance(1.0 / 120_000) { burst = (u, 40 + rng.below(60)) }
            let roll = rng.below(100)
            action =
                roll < 30
                ? "git.clone"
                : roll < 70
                    ? "git.fetch"
                    : roll < 76
                        ? "git.push"
                        : Self.otherActions[rng.below(Self.otherActions.count)]
        }
        let repo = burst != nil ? rng.below(population.repositories.count) : rng.skewed(population.repositories.count)
        let addresses = population.userAddresses[u]
        w.append("{\"@timestamp\":")
        w.decimal(Int(clockMillis))
        w.append(",\"_document_id\":\"")
        w.hex(rng.next(), count: 16)
        w.hex(rng.next(), count: 6)
        w.append("\",\"action\":\"")
        w.append(action)
        w.append("\",\"actor\":\"")
        w.append(population.users[u])
        w.append("\",\"actor_id\":")
        w.decimal(10_000 + u)
        w.append(",\"actor_ip\":\"")
        w.append(addresses[rng.below(addresses.count)])
        w.append("\",\"actor_location\":{\"country_code\":\"")
        w.append(rng.chance(0.8) ? "US" : "DE")
        w.append("\"},\"business\":\"example\",\"external_identity_nameid\":\"")
        w.append(population.users[u])
        w.append("@example.com\",")
        if rng.chance(0.7) {
            w.append("\"hashed_token\":\"")
            // Two or three tokens per user, stable across lines.
            w.hex((UInt64(u) << 2 | UInt64(rng.below(3))) &* 0x9E37_79B9_7F4A_7C15, count: 16)
            w.append("=\",\"programmatic_access_type\":\"Fine-grained personal access token\",")
        }
        w.append("\"org\":\"")
        w.append(population.repositoryOrgs[repo])
        w.append("\",\"org_id\":")
        w.decimal(500 + population.repositoryOrgs[repo].count * 31 + Int(population.repositoryOrgs[repo][0]))
        w.append(",\"repo\":\"")
        w.append(population.repositories[repo])
        w.append("\",\"repository\":\"")
        w.append(population.repositories[repo])
        w.append("\",\"repository_public\":false,")
        if action.utf8CodeUnitCount > 20 {
            w.append("\"event_payload\":{\"workflow_run\":{\"id\":")
            w.decimal(rng.below(1 << 30))
            w.append(",\"conclusion\":\"success\",\"jobs\":[\"build\",\"test\",\"deploy\"]}},")
        }
        let ssh = rng.chance(0.3)
        w.append(
            ssh
                ? "\"transport_protocol\":2,\"transport_protocol_name\":\"ssh\","
                : "\"transport_protocol\":1,\"transport_protocol_name\":\"http\",")
        w.append("\"user_agent\":\"")
        w.append(ssh ? Self.sshAgent : Self.httpAgents[rng.below(Self.httpAgents.count)])
        w.append("\",\"user_id\":")
        w.decimal(10_000 + u)
        w.append("}\n")
    }
}
