import Foundation
import Testing

@testable import ExfilWatch

@Suite("Model file")
struct BaselineModelTests {
    static let defaultPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/default.json").path

    static func shippedJSON() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: defaultPath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Decodes the shipped file after `edit` changed its JSON tree; returns the error, if any.
    static func error(_ edit: (inout [String: Any]) -> Void) throws -> BaselineModelError? {
        var tree = try shippedJSON()
        edit(&tree)
        let data = try JSONSerialization.data(withJSONObject: tree)
        do {
            _ = try BaselineModel.decode(json: data)
            return nil
        } catch let e as BaselineModelError {
            return e
        }
    }

    @Test("models/default.json decodes to BaselineModel.shipped")
    func defaultFileIsShipped() throws {
        let model = try BaselineModel.load(path: BaselineModelTests.defaultPath)
        #expect(model == BaselineModel.shipped)
        try BaselineModel.shipped.validate()
    }

    @Test("a value out of range names the key and the expected range")
    func outOfRange() throws {
        let e = try #require(
            try BaselineModelTests.error { t in
                var scales = t["scales"] as! [[String: Any]]
                scales[1]["bucket"] = 45
                t["scales"] = scales
            })
        #expect(e.key == "scales[1].bucket")
        #expect(e.description.contains("multiple of 60"))
        #expect(e.description.contains("got 45"))
    }

    @Test(
        "ranges that depend on other keys",
        arguments: [
            ("threshold", "threshold"), ("severity", "severity.high"), ("max_shape", "signals.clones.max_shape[2]"),
            ("floors", "scales[0].evaluation_floors.repos"), ("bits", "novelty.initial_bits"),
        ])
    func dependentRanges(_ c: (String, String)) throws {
        let e = try #require(
            try BaselineModelTests.error { t in
                switch c.0 {
                case "threshold": t["threshold"] = -1.0
                case "severity": t["severity"] = ["medium": 8, "high": 7, "critical": 32]
                case "max_shape":
                    var s = t["signals"] as! [String: Any]
                    var clones = s["clones"] as! [String: Any]
                    clones["max_shape"] = [0.5, 1, 0.01]
                    s["clones"] = clones
                    t["signals"] = s
                case "floors":
                    var scales = t["scales"] as! [[String: Any]]
                    scales[0]["evaluation_floors"] = ["repos": 50, "new_repos": 4, "namespaces": 2, "archives": 3]
                    t["scales"] = scales
                default: t["novelty"] = ["false_positive_rate": 0.01, "initial_bits": 100]
                }
            })
        #expect(e.key == c.1, "\(e)")
    }

    @Test("unknown, missing and mistyped keys are errors")
    func keys() throws {
        let unknown = try #require(try BaselineModelTests.error { $0["thresold"] = 4 })
        #expect(unknown.key == "thresold" && unknown.message.contains("not a model key"))
        let nested = try #require(
            try BaselineModelTests.error { t in
                var l = t["learning"] as! [String: Any]
                l["halflife"] = 3600
                t["learning"] = l
            })
        #expect(nested.key == "learning.halflife")
        let missing = try #require(try BaselineModelTests.error { $0.removeValue(forKey: "cooldown") })
        #expect(missing.key == "cooldown" && missing.message.contains("missing"))
        let typed = try #require(try BaselineModelTests.error { $0["learn_for"] = "two days" })
        #expect(typed.key == "learn_for" && typed.message.contains("wrong type"))
        let lengths = try #require(
            try BaselineModelTests.error { t in
                var s = t["signals"] as! [String: Any]
                var f = s["fetches"] as! [String: Any]
                f["prior_mean"] = [0.1, 0.5]
                s["fetches"] = f
                t["signals"] = s
            })
        #expect(lengths.key == "signals.fetches.prior_mean" && lengths.message.contains("one value per scale"))
    }

    @Test("a missing file and invalid JSON are clear errors")
    func files() throws {
        #expect(throws: BaselineModelError.self) { try BaselineModel.load(path: "/nonexistent/model.json") }
        do {
            _ = try BaselineModel.decode(json: Data("{".utf8))
            Issue.record("invalid JSON accepted")
        } catch let e as BaselineModelError {
            #expect(e.message.contains("not valid JSON"))
        }
    }
}
