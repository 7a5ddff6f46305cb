import ExfilWatch

#if canImport(Glibc)
    import Glibc
#endif

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
        update(
            read: p.storedBytesRead, total: p.totalKnown ? p.storedBytesTotal : nil, decoded: p.decodedBytes,
            alerts: p.alerts)
    }

    /// Redraws the bar; `total` nil when an input's size is unknown (stdin, a pipe): then no bar,
    /// percentage or ETA, only what was read. The line is cut to the terminal's width so that it
    /// redraws in place rather than wrapping onto new lines.
    func update(read: Int64, total: Int64?, decoded: Int64, alerts: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDraw >= .milliseconds(100) || read >= total ?? .max else { return }
        lastDraw = now
        let elapsed = Self.seconds(now - start)
        let rate = elapsed > 0 ? Double(read) / elapsed / 1e6 : 0
        // Gzip input: the stored rate alone (tens of MB/s) would hide the text rate (hundreds).
        let text = decoded > read && elapsed > 0 ? " (\(Int(Double(decoded) / elapsed / 1e6)) MB/s of text)" : ""
        let columns = Self.terminalColumns() - 1
        var line: String
        if let total {
            let fraction = total > 0 ? min(1, Double(read) / Double(total)) : 0
            var eta = "--:--"
            if rate > 0 && total > read {
                let s = Int(Double(total - read) / 1e6 / rate)
                eta = String(format2(s / 60)) + ":" + format2(s % 60)
            }
            var figures = " \(Int(fraction * 100))%  \(Self.mb(read))/\(Self.mb(total)) MB  \(Int(rate)) MB/s"
            let tail = "  ETA \(eta)  alerts \(alerts)"
            if figures.count + text.count + tail.count + 10 <= columns { figures += text }
            figures += tail
            let width = min(28, max(0, columns - figures.count))
            let filled = Int(fraction * Double(width))
            line = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + figures
        } else {
            line = "\(Self.mb(read)) MB read  \(Int(rate)) MB/s\(text)  alerts \(alerts)"
        }
        if line.count > columns { line = String(line.prefix(max(0, columns))) }
        FileHandleOutput.standardError("\r" + line + "\u{1B}[K")
        drawn = true
    }

    /// Erases the bar, so that an alert or message written to the terminal starts on a clean line;
    /// the next update draws it again below.
    func clear() {
        guard drawn else { return }
        FileHandleOutput.standardError("\r\u{1B}[K")
        drawn = false
    }

    func finish() { clear() }

    /// The terminal's width in columns (stderr), 80 when unknown.
    static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private func format2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func mb(_ bytes: Int64) -> String { String(Int((Double(bytes) / 1e6).rounded())) }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
