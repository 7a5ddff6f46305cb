/// Counters and positions of a running `tail`, published after every poll: what the metrics file
/// reports and what tests wait on. Counts are since this process started.
public struct TailStatus: Sendable, Equatable {
    /// One followed file.
    public struct File: Sendable, Equatable {
        public var path: String
        /// Offset up to which lines have been counted, bytes.
        public var offset: Int64
        /// Size at the last look, bytes.
        public var size: Int64

        public init(path: String, offset: Int64, size: Int64) {
            self.path = path
            self.offset = offset
            self.size = size
        }
    }

    public var lines: Int64 = 0
    public var events: Int64 = 0
    public var malformedLines: Int64 = 0
    /// Lines longer than `--max-line-length`, skipped (not in ``lines``).
    public var overlongLines: Int64 = 0
    /// Events dropped for arriving later than the allowed lateness (restored with the engine).
    public var lateEvents: Int64 = 0
    /// Alerts delivered.
    public var alerts: Int64 = 0
    /// Alerts not delivered because their id had been delivered before.
    public var duplicateAlerts: Int64 = 0
    /// Actors in the engine's table.
    public var actors = 0
    /// Actors dropped under `--max-actors` since this process started.
    public var droppedActors = 0
    /// Newest event time read, seconds UTC; nil before the first event.
    public var newestEventTime: Int64?
    /// How far reading lags: wall clock minus the newest event time while a backlog is being read,
    /// 0 when every file has been read to its end, seconds.
    public var secondsBehind = 0.0
    /// Completed polls.
    public var polls: Int64 = 0
    /// Checkpoints written.
    public var checkpoints: Int64 = 0
    public var files: [File] = []

    public init() {}
}
