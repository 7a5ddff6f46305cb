import Dispatch

/// Runs a file's deflate on a background queue while the generator fills the next buffer.
///
/// Double buffering: at most one buffer per file is being compressed at a time, and `submit` waits for the
/// previous job before starting the next, so bytes reach the gzip stream in order and the output stays
/// deterministic. With `--format all` the two files compress on their own queues, so generation and both
/// compressions overlap across cores; on a single core the work simply interleaves.
final class BackgroundCompressor {
    private let writer: GzipFileWriter
    private let queue: DispatchQueue
    /// Signalled when no job is in flight (value 1 = idle).
    private let idle = DispatchSemaphore(value: 1)
    private let failure = FailureBox()

    init(writer: GzipFileWriter, label: String) {
        self.writer = writer
        queue = DispatchQueue(label: "exfilwatch.synth.gzip." + label)
    }

    /// Compresses the bytes of `buffer` in the background; the caller must not touch the buffer until the
    /// next `submit` or `drain` returns. The job keeps the buffer alive even if its owner goes away.
    /// - Throws: the error of an earlier job, if any.
    func submit(_ buffer: LineBuffer) throws {
        idle.wait()
        if let error = failure.error {
            idle.signal()
            throw error
        }
        // The semaphore hands the writer and the bytes to exactly one thread at a time.
        nonisolated(unsafe) let writer = self.writer
        nonisolated(unsafe) let buffer = buffer
        let idle = self.idle
        let failure = self.failure
        queue.async {
            do {
                try writer.write(buffer.base, count: buffer.count)
            } catch let error as SynthError {
                failure.error = error
            } catch {
                failure.error = SynthError(path: writer.path, reason: "\(error)")
            }
            idle.signal()
        }
    }

    /// Waits for the job in flight.
    /// - Throws: its error, if it failed.
    func drain() throws {
        idle.wait()
        idle.signal()
        if let error = failure.error { throw error }
    }
}

/// The first error of a background job; written and read only across the compressor's semaphore.
private final class FailureBox: @unchecked Sendable {
    var error: SynthError?
}
