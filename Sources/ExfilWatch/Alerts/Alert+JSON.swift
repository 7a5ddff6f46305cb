import Foundation

/// The alert's JSON form: snake_case keys, RFC 3339 UTC times. Documented in the README.
extension Alert: Codable {
    enum CodingKeys: String, CodingKey {
        case id, episode, revision, actor, score, severity, detector, reason, signals
        case windowStart = "window_start"
        case windowEnd = "window_end"
        case detectedAt = "detected_at"
        case exampleResources = "example_resources"
        case exampleSourceIPs = "example_source_ips"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func time(_ key: CodingKeys) throws -> Int64 {
            let text = try c.decode(String.self, forKey: key)
            guard let t = CivilTime.parseRFC3339(Array(text.utf8)) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return t
        }
        self.init(
            id: try c.decode(String.self, forKey: .id),
            episode: try c.decode(String.self, forKey: .episode),
            revision: try c.decode(Int.self, forKey: .revision),
            actor: try c.decode(String.self, forKey: .actor),
            windowStart: try time(.windowStart),
            windowEnd: try time(.windowEnd),
            detectedAt: try time(.detectedAt),
            score: try c.decode(Double.self, forKey: .score),
            severity: try c.decode(Severity.self, forKey: .severity),
            detector: try c.decode(String.self, forKey: .detector),
            reason: try c.decode(String.self, forKey: .reason),
            signals: try c.decode([Signal].self, forKey: .signals),
            exampleResources: try c.decode([String].self, forKey: .exampleResources),
            exampleSourceIPs: try c.decode([String].self, forKey: .exampleSourceIPs)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(episode, forKey: .episode)
        try c.encode(revision, forKey: .revision)
        try c.encode(actor, forKey: .actor)
        try c.encode(CivilTime.rfc3339(windowStart), forKey: .windowStart)
        try c.encode(CivilTime.rfc3339(windowEnd), forKey: .windowEnd)
        try c.encode(CivilTime.rfc3339(detectedAt), forKey: .detectedAt)
        try c.encode((score * 100).rounded() / 100, forKey: .score)
        try c.encode(severity, forKey: .severity)
        try c.encode(detector, forKey: .detector)
        try c.encode(reason, forKey: .reason)
        try c.encode(signals, forKey: .signals)
        try c.encode(exampleResources, forKey: .exampleResources)
        try c.encode(exampleSourceIPs, forKey: .exampleSourceIPs)
    }

    /// One line of JSON (no trailing newline), keys in a stable order for diffable output.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
