import ExfilWatch
import Foundation

/// Alerts, directories and threads for the tests.
enum AlertTestSupport {
    /// A realistic alert; `id` and the untrusted strings can be overridden.
    static func alert(
        id: String = "ep0001.r0", actor: String = "alice", reason: String = "412 clones in 10m, usually 3",
        resources: [String] = ["acme/ledger", "acme/infra"], severity: Alert.Severity = .high
    ) -> Alert {
        Alert(
            id: id, episode: String(id.split(separator: ".").first ?? "ep"), revision: 0, actor: actor,
            windowStart: 1_762_647_600, windowEnd: 1_762_648_200, detectedAt: 1_762_647_900, score: 12.345,
            severity: severity, detector: "baseline", reason: reason,
            signals: [
                Alert.Signal(name: "clones", scale: "10m", observed: 412, expected: 3.1, pValue: 1.2e-40),
                Alert.Signal(name: "distinct_repos", scale: "1h", observed: 97, expected: 4, pValue: 3e-12),
            ],
            exampleResources: resources, exampleSourceIPs: ["203.0.113.9"])
    }

    /// A fresh empty directory under the system temporary directory; removed by `cleanup`.
    static func temporaryDirectory(_ label: String = "exfilwatch-test") -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func cleanup(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// File names in `path`, sorted (hidden ones included).
    static func listing(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Runs synchronous sink code on a plain thread, as the pipeline does, and awaits its result.
    /// (Blocking calls such as `HTTPWebhookSink.close()` must not run on the concurrency pool.)
    static func onPlainThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }
}
