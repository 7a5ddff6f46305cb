import ExfilWatch

#if canImport(Glibc)
    import Glibc
#endif

/// `tail`'s alert delivery for now: one alert per line on stdout, written with `write(2)` at once
/// (not through stdio's buffer, which would hold an alert back on a pipe). Throws when stdout is
/// gone, which stops `tail` with exit code 1 before the alert is checkpointed as delivered.
///
/// The seam for the shared alert sinks: replace this with `DedupingSink(StdoutAlertSink)` and the
/// persisted `DeliveryLedger` (see README-tail.md).
struct AlertStdout {
    /// `reason` only, for a terminal; JSON Lines otherwise.
    let text: Bool

    struct WriteError: Error, CustomStringConvertible {
        let reason: String
        var description: String { "stdout: \(reason)" }
    }

    func deliver(_ alert: Alert) throws {
        var line = (text ? alert.reason : alert.jsonLine()) + "\n"
        let failure: String? = line.withUTF8 { p in
            var done = 0
            while done < p.count {
                let n = write(1, p.baseAddress! + done, p.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return String(cString: strerror(errno)) }
                done += n
            }
            return nil
        }
        if let failure { throw WriteError(reason: failure) }
    }
}
