import ExfilWatchSynth
import Foundation
import Testing

/// Configuration, output-directory handling and the size of small datasets.
@Suite struct SynthConfigTests {
    @Test func refusesToOverwriteWithoutForce() throws {
        var config = SynthConfig(outputDirectory: temporaryDirectory("force"))
        defer { removeDirectories(config.outputDirectory) }
        config.days = 1
        config.users = 5
        config.repos = 20
        _ = try SynthGenerator(config: config).run()
        let error = #expect(throws: SynthError.self) { try SynthGenerator(config: config).run() }
        #expect(error?.path.hasPrefix(config.outputDirectory) == true)
        #expect(error?.reason.contains("--force") == true)
        config.force = true
        _ = try SynthGenerator(config: config).run()
    }

    @Test(arguments: ["--days", "--servers", "--start", "--incidents", "--tz-offset"])
    func invalidParametersNameTheFlag(flag: String) throws {
        var config = SynthConfig(outputDirectory: temporaryDirectory("invalid"))
        switch flag {
        case "--days": config.days = 0
        case "--servers": config.servers = 0
        case "--start": config.startDate = "2025-02-30"
        case "--incidents":
            config.days = 2
            config.incidents = 3
        default: config.timeZoneOffsetMinutes = 900
        }
        let error = #expect(throws: SynthError.self) { try SynthGenerator(config: config).run() }
        #expect(error?.path == flag)
        #expect(!FileManager.default.fileExists(atPath: config.outputDirectory), "nothing written on bad flags")
    }

    @Test func parsesNginxOffsets() {
        #expect(SynthConfig.parseOffset("-0800") == -480)
        #expect(SynthConfig.parseOffset("+0530") == 330)
        #expect(SynthConfig.parseOffset("+01:00") == 60)
        #expect(SynthConfig.parseOffset("0800") == nil)
        #expect(SynthConfig.parseOffset("+0575") == nil)
        #expect(SynthConfig.formatOffset(-480) == "-0800")
        #expect(SynthConfig.formatOffset(330) == "+0530")
    }

    @Test func smallestDatasetIsAboutAMegabyteAndHasNoIncidents() throws {
        var config = SynthConfig(outputDirectory: temporaryDirectory("small"))
        defer { removeDirectories(config.outputDirectory) }
        config.days = 1
        config.users = 20
        config.format = .combined
        let manifest = try SynthGenerator(config: config).run()
        #expect(manifest.files.map(\.name) == ["access.log.gz", "labels.csv", "negatives.csv"])
        #expect(!FileManager.default.fileExists(atPath: config.outputDirectory + "/audit.jsonl.gz"))
        #expect(manifest.incidents == 0 && manifest.parameters.incidents == 0)
        #expect(manifest.bytes > 200_000 && manifest.bytes < 3_000_000, "\(manifest.bytes) bytes")
        let data = try Data(contentsOf: URL(fileURLWithPath: config.outputDirectory + "/manifest.json"))
        let decoded = try JSONDecoder().decode(SynthManifest.self, from: data)
        #expect(decoded == manifest)
    }

    @Test func moreUsersMeanProportionallyMoreLines() throws {
        func lines(users: Int) throws -> Int64 {
            var config = SynthConfig(outputDirectory: temporaryDirectory("scale"))
            defer { removeDirectories(config.outputDirectory) }
            config.days = 1
            config.users = users
            config.format = .githubAudit
            return try SynthGenerator(config: config).run().lines
        }
        let small = try lines(users: 40)
        let large = try lines(users: 160)
        #expect(large > small * 2 && large < small * 8, "\(small) -> \(large)")
    }
}
