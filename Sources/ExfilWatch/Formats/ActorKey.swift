/// Which field identifies the actor an event is counted for (`--actor-key`).
public enum ActorKey: String, Sendable, CaseIterable {
    /// The authenticated user; anonymous requests are keyed `ip:<client>`.
    case user
    /// The client address, `ip:<client>`. An event without one (an audit record lacking `actor_ip`) is
    /// keyed by its token (`token:<hash>`), else its user, else `anonymous`.
    case ip
    /// User and address together, `alice@203.0.113.9` (`ip:<client>` when anonymous).
    case userIP = "user+ip"
    /// The token (GitHub `hashed_token`) as `token:<hash>`; events without one fall back to `user`.
    case token
}
