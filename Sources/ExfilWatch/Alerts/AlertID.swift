/// Stable alert identifiers: a 64-bit FNV-1a hash of the actor, the episode's start time and the
/// detector, as 16 hex digits. The same incident therefore keeps its id across re-scans and
/// restarts, which is what lets sinks deduplicate.
public enum AlertID {
    /// The episode id, e.g. `ew-3fa85f6457174562`.
    public static func episode(actor: String, episodeStart: Int64, detector: String) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix<S: Sequence<UInt8>>(_ bytes: S) {
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        mix(actor.utf8)
        mix([0])
        mix(String(episodeStart).utf8)
        mix([0])
        mix(detector.utf8)
        let hex = String(h, radix: 16)
        return "ew-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The alert id: the episode id for revision 0, `<episode>.r<revision>` for escalations.
    public static func alert(episode: String, revision: Int) -> String {
        revision == 0 ? episode : "\(episode).r\(revision)"
    }
}
