import ExfilWatch

/// A corpus parsed once: the events and the line each came from, for the stages after parsing.
struct ParsedCorpus: Sendable {
    let corpus: Corpus
    /// Parsed events, in file order; ranges inside them point into `corpus.bytes[lines[i]]`.
    let events: [Event]
    let lines: [Range<Int>]
    /// Event time covered, seconds (last − first + 1).
    let span: Int64

    init(_ corpus: Corpus, format: LogFormat) {
        self.corpus = corpus
        var events: [Event] = []
        var lines: [Range<Int>] = []
        var event = Event()
        corpus.bytes.withUnsafeBytes { all in
            for r in corpus.lines where format.parse(UnsafeRawBufferPointer(rebasing: all[r]), into: &event) {
                events.append(event)
                lines.append(r)
            }
        }
        self.events = events
        self.lines = lines
        span = (events.last?.time ?? 0) - (events.first?.time ?? 0) + 1
    }

    /// Calls `body` with each event and its line.
    @inline(__always)
    func forEach(_ body: (Event, UnsafeRawBufferPointer) -> Void) {
        corpus.bytes.withUnsafeBytes { all in
            for i in events.indices { body(events[i], UnsafeRawBufferPointer(rebasing: all[lines[i]])) }
        }
    }
}
