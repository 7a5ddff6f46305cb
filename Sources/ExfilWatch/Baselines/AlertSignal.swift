/// One measured quantity in the alerting window against its expectation. Detectors produce the
/// readings, and ``Alert`` carries them (as `AlertSignal`).
public struct AlertSignal: Sendable, Equatable, Codable {
    /// `clones`, `fetches`, `pushes`, `lfs`, `archives`, `exports`, `distinct_repos`,
    /// `new_repos`, `namespaces`, `bytes_out`, `source_ips`.
    public var name: String
    /// The window length this reading belongs to, e.g. `10m`, `1h`, `1d`.
    public var scale: String
    /// Count (or bytes) observed in the window.
    public var observed: Double
    /// What the actor's baseline expected for such a window (mean of the predictive).
    public var expected: Double
    /// Upper-tail probability of seeing `observed` or more under the baseline (1 for static rules).
    public var pValue: Double

    public init(name: String, scale: String, observed: Double, expected: Double, pValue: Double) {
        self.name = name
        self.scale = scale
        self.observed = observed
        self.expected = expected
        self.pValue = pValue
    }

    enum CodingKeys: String, CodingKey {
        case name, scale, observed, expected
        case pValue = "p_value"
    }
}
