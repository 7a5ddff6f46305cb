/// One alert per actor per episode: the rule shared by the live detector and ``BaselineDetector/replay``.
///
/// An alerting window opens an episode unless it starts within `cooldown` seconds after the end of the
/// latest window that alerted in the actor's current episode: alerting windows that overlap (or nearly
/// touch) belong to one episode, so a day-scale window still holding a burst continues the burst's
/// episode rather than opening a new one. Within an episode, a new alert (the next revision) is raised only when the
/// severity rises above the last one raised, so an episode has at most four alerts.
/// The episode's identity is its first alerting window's start (with the actor).
struct EpisodeTracker: Sendable, Equatable {
    struct Episode: Sendable, Equatable {
        /// Start of the first alerting window, seconds.
        var start: Int64
        var revision: Int
        var severity: AlertSeverity
        /// End of the latest window that alerted, seconds.
        var activeUntil: Int64
    }

    var byActor: [UInt32: Episode] = [:]

    /// Takes an alerting evaluation into account; returns the episode start and revision to raise, or
    /// nil when it neither opens nor escalates an episode. - Complexity: O(1).
    mutating func consider(
        actor: UInt32, windowStart: Int64, activeUntil: Int64, severity: AlertSeverity,
        cooldown: Int64
    ) -> (start: Int64, revision: Int)? {
        if var e = byActor[actor], windowStart <= e.activeUntil + cooldown {
            e.activeUntil = max(e.activeUntil, activeUntil)
            var result: (Int64, Int)?
            if severity > e.severity {
                e.revision += 1
                e.severity = severity
                result = (e.start, e.revision)
            }
            byActor[actor] = e
            return result
        }
        byActor[actor] = Episode(start: windowStart, revision: 0, severity: severity, activeUntil: activeUntil)
        return (windowStart, 0)
    }

    /// Forgets episodes that no window starting at or after `time` can continue.
    mutating func expire(before time: Int64, cooldown: Int64) {
        byActor = byActor.filter { $0.value.activeUntil + cooldown >= time }
    }

    var approximateBytes: Int { byActor.capacity * 48 }
}
