import ExfilWatch

/// A one-line progress bar on stderr: stored bytes read of the total, MB/s of stored input and, when
/// it differs (gzip), of decoded log text, ETA and alerts so far. Drawn at most 10 times a second, only
/// when stderr is a terminal.
final class ProgressBar {
    let enabled: Bool
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ p: BatchScanner<some EventConsumer>.Progress) {
        update(read: p.storedBytesRead, total: p.storedBytesTotal, decoded: p.decodedBytes, alerts: p.alerts)
    }

    func update(read: Int64, total: Int64, decoded: Int64, alerts: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDraw >= .milliseconds(100) || read >= total else { return }
        lastDraw = now
        let elapsed = Self.seconds(now - start)
        let rate = elapsed > 0 ? Double(read) / elapsed / 1e6 : 0
        let fraction = total > 0 ? min(1, Double(read) / Double(total)) : 0
        let width = 28
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var eta = "--:--"
        if rate > 0 && total > read {
            let s = Int(Double(total - read) / 1e6 / rate)
            eta = String(format2(s / 60)) + ":" + format2(s % 60)
        }
        // Gzip input: the stored rate alone (tens of MB/s) would hide the text rate (hundreds).
        let text = decoded > read && elapsed > 0 ? " (\(Int(Double(decoded) / elapsed / 1e6)) MB/s of text)" : ""
        let line =
            "\r\(bar) \(Int(fraction * 100))%  \(Self.mb(read))/\(Self.mb(total)) MB  "
            + "\(Int(rate)) MB/s\(text)  ETA \(eta)  alerts \(alerts)\u{1B}[K"
        FileHandleOutput.standardError(line)
        drawn = true
    }

    func finish() {
        if drawn { FileHandleOutput.standardError("\r\u{1B}[K") }
    }

    private func format2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func mb(_ bytes: Int64) -> String { String(Int((Double(bytes) / 1e6).rounded())) }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
