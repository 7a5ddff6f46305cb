/// One labeled incident: an actor's malicious activity between `start` and `end` (seconds UTC).
public struct Incident: Sendable, Equatable, Codable {
    public var actor: String
    public var start: Int64
    public var end: Int64
    public var scenario: String

    public init(actor: String, start: Int64, end: Int64, scenario: String) {
        self.actor = actor
        self.start = start
        self.end = end
        self.scenario = scenario
    }
}
