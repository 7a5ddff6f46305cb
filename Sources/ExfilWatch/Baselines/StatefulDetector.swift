/// A detector whose learned state can be saved and restored, so that `tail` resumes after a restart
/// with the same windows and baselines (and therefore the same alerts) as an uninterrupted run.
///
/// Restoring is an instance method rather than a static constructor so that configuration that is
/// not part of the state (a model file, a rule) comes from the freshly configured detector:
/// `try configured.restored(from: bytes)`.
public protocol StatefulDetector: Detector {
    /// The detector's complete state (windows, baselines, episodes), self-describing enough for
    /// ``restored(from:)`` to reject another detector's bytes.
    func encodeState() -> [UInt8]

    /// A detector configured like `self` with the state `bytes` from ``encodeState()``.
    /// - Throws: when the bytes are corrupt or were written by another detector or version.
    func restored(from bytes: [UInt8]) throws -> Self
}
