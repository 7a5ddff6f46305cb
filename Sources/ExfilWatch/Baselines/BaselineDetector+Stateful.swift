/// `tail` checkpoints and `scan --save-state` / `--load-state` restore the baseline detector
/// through ``StatefulDetector``; the model and lateness come from the configured detector.
extension BaselineDetector: StatefulDetector {
    public func restored(from bytes: [UInt8]) throws -> BaselineDetector {
        var detector = try BaselineDetector(model: model, state: bytes, allowedLateness: allowedLateness)
        detector.windowScoreSink = windowScoreSink
        return detector
    }
}
