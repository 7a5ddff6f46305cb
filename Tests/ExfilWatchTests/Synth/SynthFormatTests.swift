import ExfilWatchSynth
import Foundation
import Testing

/// The files decompress, match their formats, agree with the manifest and with each other.
@Suite struct SynthFormatTests {
    @Test func gzipFilesDecompressAndMatchManifestCounts() throws {
        let data = try SynthDataset.shared.get()
        let logs = data.manifest.files.filter { $0.format != "csv" }
        #expect(logs.map(\.name) == ["access-1.log.gz", "access-2.log.gz", "audit.jsonl.gz"])
        for file in logs {
            let bytes = try #require(data.logs[file.name])
            #expect(Int64(bytes.count) == file.uncompressedBytes, "\(file.name) size")
            #expect(Int64(splitLines(bytes).count) == file.lines, "\(file.name) line count")
            #expect(bytes.last == UInt8(ascii: "\n"))
            let size = try FileManager.default.attributesOfItem(atPath: data.directory + "/" + file.name)[.size]
            #expect((size as? NSNumber)?.int64Value == file.compressedBytes)
        }
        #expect(data.manifest.lines == logs.reduce(0) { $0 + $1.lines })
        #expect(data.manifest.bytes == logs.reduce(0) { $0 + $1.uncompressedBytes })
    }

    @Test func combinedLinesHaveTheCombinedShape() throws {
        let data = try SynthDataset.shared.get()
        for name in ["access-1.log.gz", "access-2.log.gz"] {
            let lines = try #require(data.combined[name])
            let entry = try #require(data.manifest.files.first { $0.name == name })
            // Exactly the deliberately malformed lines fail to parse.
            #expect(Int64(data.combinedUnparsed[name] ?? -1) == entry.malformedLines)
            #expect(lines.count > 1000)
            #expect(lines.allSatisfy { $0.offset == "+0530" })
            let requests = lines.map(\.request)
            #expect(requests.contains { $0.hasSuffix("/info/refs?service=git-upload-pack HTTP/1.1") })
            #expect(requests.contains { $0.hasPrefix("POST ") && $0.contains("/git-upload-pack ") })
            #expect(requests.contains { $0.contains("/git-receive-pack ") })
            #expect(lines.contains { $0.status == 401 && $0.user == "-" })
            #expect(lines.contains { $0.ip.contains(":") }, "no IPv6 client")
            #expect(lines.contains { $0.userAgent.hasPrefix("Mozilla/5.0") && $0.user == "-" })
        }
    }

    @Test func auditLinesAreJSONWithGitHubFields() throws {
        let data = try SynthDataset.shared.get()
        let entry = try #require(data.manifest.files.first { $0.name == "audit.jsonl.gz" })
        #expect(Int64(data.auditUnparsed) == entry.malformedLines)
        let start = Int64(try #require(parseRFC3339(data.manifest.timeRangeStart))) * 1000
        let end = Int64(try #require(parseRFC3339(data.manifest.timeRangeEnd))) * 1000
        var actions = Set<String>()
        for event in data.audit {
            actions.insert(event.action)
            #expect(event.timestamp >= start && event.timestamp < end + 3_600_000)
            #expect(event.keys.isSuperset(of: ["_document_id", "request_id", "actor", "org", "business"]))
            if event.action.hasPrefix("git.") {
                #expect(!event.keys.contains("created_at"))
                #expect(event.bools["repository_public"] != nil)
                #expect(event.keys.isSuperset(of: ["transport_protocol", "transport_protocol_name", "repo"]))
                #expect(event.strings["repo"] == event.strings["repository"])
            }
            if event.action == "repo.download_zip" {
                #expect(event.ints["created_at"] == event.timestamp)
                #expect(event.bools["public_repo"] != nil && event.bools["actor_is_bot"] != nil)
                #expect(["public", "private", "internal"].contains(event.strings["visibility"] ?? ""))
            }
        }
        #expect(actions.isSuperset(of: ["git.clone", "git.fetch", "git.push", "repo.download_zip"]))
        let git = data.audit.filter { $0.action.hasPrefix("git.") }
        let fetches = git.filter { $0.action == "git.fetch" && $0.actor?.contains("bot") == false }.count
        let humanClones = git.filter { $0.action == "git.clone" && $0.actor?.contains(".") == true }.count
        #expect(fetches > humanClones, "developers mostly fetch")
        #expect(git.contains { $0.strings["actor_ip"] == nil }, "some org should hide actor_ip")
        #expect(git.contains { $0.strings["transport_protocol_name"] == "ssh" })
        #expect(data.audit.contains { $0.actor == "" }, "app tokens with an empty actor")
    }

    @Test func multiServerFilesCoverTheSameHours() throws {
        let data = try SynthDataset.shared.get()
        let first = Set((data.combined["access-1.log.gz"] ?? []).map { $0.epochSeconds / 3600 })
        let second = Set((data.combined["access-2.log.gz"] ?? []).map { $0.epochSeconds / 3600 })
        #expect(first == second)
        #expect(first.count >= 4 * 24)
    }

    @Test func nginxLocalTimeConvertsBackToTheLabelClock() throws {
        let data = try SynthDataset.shared.get()
        let start = try #require(parseRFC3339(data.manifest.timeRangeStart))
        let lines = try #require(data.combined["access-1.log.gz"])
        let earliest = try #require(lines.map(\.epochSeconds).min())
        // The first health check runs within the first two minutes (UTC) of the dataset.
        #expect(earliest >= start && earliest < start + 120)
        // Completion order: a few seconds out of order at most, but not always in order.
        var maxBack: Int64 = 0
        var latest = earliest
        for line in lines {
            maxBack = max(maxBack, latest - line.epochSeconds)
            latest = max(latest, line.epochSeconds)
        }
        #expect(maxBack >= 1 && maxBack <= 60)
    }
}
