import ExfilWatchSynth
import Foundation
import Testing

/// Labels and hard negatives are well-formed and point at real activity in both formats.
@Suite struct SynthLabelTests {
    static let scenarios: Set<String> = [
        "burst_clone", "slow_exfil", "archive_sweep", "export_burst", "bot_token_misuse", "new_ip_clone",
    ]
    static let negativeKinds: Set<String> = [
        "ci_bot", "nightly_mirror", "code_indexer", "new_hire", "scripted_change", "cross_org_engineer",
        "release_surge", "new_ip_legit", "app_token",
    ]

    /// Requests that move repository contents out (and the git handshake that starts a clone).
    static func isExfilRequest(_ line: CombinedLine) -> Bool {
        let path = line.path
        return path.contains("/git-upload-pack") || path.contains("/info/refs?service=git-upload-pack")
            || path.contains("/archive/") || path.contains("/zipball/") || path.contains("/tarball/")
            || path.contains("/export") || path.contains("/migrations")
    }

    static let exfilActions: Set<String> = [
        "git.clone", "git.fetch", "repo.download_zip", "migration.create",
        "migration.download",
    ]

    @Test func labelsAndNegativesAreWellFormed() throws {
        let data = try SynthDataset.shared.get()
        let labels = try readWindowCSV(data.directory + "/labels.csv", header: "actor,start,end,scenario")
        let negatives = try readWindowCSV(data.directory + "/negatives.csv", header: "actor,start,end,kind")
        let start = try #require(parseRFC3339(data.manifest.timeRangeStart))
        let end = try #require(parseRFC3339(data.manifest.timeRangeEnd))
        #expect(labels.count == data.manifest.incidents)
        #expect(negatives.count == data.manifest.negatives)
        #expect(Set(labels.map(\.name)) == Self.scenarios, "one incident of each scenario")
        for row in labels {
            #expect(row.start <= row.end && row.end - row.start < 12 * 3600)
            #expect(row.start >= start + Int64(SynthConfig.incidentFreeDays) * 86_400, "\(row) in incident-free days")
            #expect(row.end <= end)
        }
        for row in negatives {
            #expect(Self.negativeKinds.contains(row.name))
            #expect(row.start <= row.end && row.start >= start - 86_400 && row.end <= end)
        }
        #expect(Set(negatives.map(\.name)).isSuperset(of: ["ci_bot", "nightly_mirror", "new_hire", "scripted_change"]))
        #expect(data.manifest.incidentsByScenario.values.reduce(0, +) == labels.count)
    }

    @Test func everyLabelHasMaliciousLinesInItsWindowInBothFormats() throws {
        let data = try SynthDataset.shared.get()
        let labels = try readWindowCSV(data.directory + "/labels.csv", header: "actor,start,end,scenario")
        let combined = data.allCombined
        for label in labels {
            let ip = label.actor.hasPrefix("ip:") ? String(label.actor.dropFirst(3)) : nil
            let nginx = combined.filter { line in
                line.epochSeconds >= label.start && line.epochSeconds <= label.end && Self.isExfilRequest(line)
                    && (ip.map { line.ip == $0 } ?? (line.user == label.actor))
            }
            let events = data.audit.filter { event in
                let actorMatches =
                    ip.map { event.actor == "" && event.strings["actor_ip"] == $0 }
                    ?? (event.actor == label.actor)
                let second = event.timestamp / 1000
                return actorMatches && second >= label.start && second <= label.end
                    && Self.exfilActions.contains(event.action)
            }
            #expect(Set(nginx.map(\.path)).count >= 10, "\(label.name) \(label.actor): few nginx lines")
            #expect(
                Set(events.compactMap { $0.strings["repo"] }).count >= 10,
                "\(label.name) \(label.actor): few audit events")
            // The window is tight: malicious lines sit at both of its ends.
            let times = nginx.map(\.epochSeconds) + events.map { $0.timestamp / 1000 }
            let first = try #require(times.min())
            let last = try #require(times.max())
            #expect(first - label.start <= 2, "\(label.name) starts late")
            #expect(label.end - last <= 2, "\(label.name) ends early")
        }
    }

    @Test func bothFormatsDescribeTheSameBurst() throws {
        let data = try SynthDataset.shared.get()
        let labels = try readWindowCSV(data.directory + "/labels.csv", header: "actor,start,end,scenario")
        let burst = try #require(labels.first { $0.name == "burst_clone" })
        let combined = data.allCombined
        let nginxRepos = Set(
            combined.filter {
                $0.user == burst.actor && $0.epochSeconds >= burst.start && $0.epochSeconds <= burst.end
                    && $0.request.hasPrefix("POST ") && $0.path.hasSuffix("/git-upload-pack")
            }.map { line in
                String(line.path.dropFirst().dropLast("/git-upload-pack".count)).replacingOccurrences(
                    of: ".git", with: "")
            })
        let auditRepos = Set(
            data.audit.filter {
                $0.actor == burst.actor && $0.action == "git.clone" && $0.timestamp / 1000 >= burst.start
                    && $0.timestamp / 1000 <= burst.end
            }.compactMap { $0.strings["repo"] })
        #expect(auditRepos.count >= 50)
        #expect(auditRepos.isSubset(of: nginxRepos))
    }
}
