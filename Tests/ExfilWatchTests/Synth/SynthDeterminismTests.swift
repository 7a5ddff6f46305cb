import ExfilWatchSynth
import Foundation
import Testing

/// Same flags, same bytes; another seed, other bytes.
@Suite struct SynthDeterminismTests {
    private func config(seed: UInt64, _ tag: String) -> SynthConfig {
        var config = SynthConfig(outputDirectory: temporaryDirectory(tag))
        config.days = 3
        config.users = 15
        config.repos = 60
        config.seed = seed
        config.servers = 2
        return config
    }

    @Test func sameSeedGivesIdenticalFiles() throws {
        let first = config(seed: 42, "det-a")
        let second = config(seed: 42, "det-b")
        defer { removeDirectories(first.outputDirectory, second.outputDirectory) }
        _ = try SynthGenerator(config: first).run()
        _ = try SynthGenerator(config: second).run()
        let a = try directoryContents(first.outputDirectory)
        let b = try directoryContents(second.outputDirectory)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.keys.count == 6)  // two access logs, audit, labels, negatives, manifest
        for (name, data) in a {
            #expect(data == b[name], "\(name) differs between two runs with the same seed")
        }
    }

    @Test func differentSeedGivesDifferentLogs() throws {
        let first = config(seed: 42, "det-c")
        let second = config(seed: 43, "det-d")
        defer { removeDirectories(first.outputDirectory, second.outputDirectory) }
        _ = try SynthGenerator(config: first).run()
        _ = try SynthGenerator(config: second).run()
        for name in ["access-1.log.gz", "audit.jsonl.gz", "labels.csv"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: first.outputDirectory + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: second.outputDirectory + "/" + name))
            #expect(a != b, "\(name) is the same for seeds 42 and 43")
        }
    }
}
