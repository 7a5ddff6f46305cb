/// The warm-start file: a ``DetectionEngine``'s state (baselines, intern tables, newest event time)
/// saved as `engine.state` in a directory, for `tail --load-state DIR` to start from what a
/// `scan --save-state DIR` backfill learned. Same envelope as checkpoints (magic `EWENGSTA`,
/// version, CRC-32), written atomically with mode 0600.
public enum EngineStateFile {
    /// Name of the file inside the state directory.
    public static let fileName = "engine.state"
    static let magic: [UInt8] = Array("EWENGSTA".utf8)
    static let version: UInt32 = 1

    public static func path(in directory: String) -> String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// Saves `engine`'s state into `directory` (created 0700 if missing).
    ///
    /// Call it before ``DetectionEngine/finish()``: finishing moves the detector a year past the last
    /// event to close every window, which a live run must not start from.
    public static func save<D: StatefulDetector>(_ engine: DetectionEngine<D>, directory: String) throws(TailError) {
        let path = path(in: directory)
        do {
            try AtomicFile.makeDirectory(directory)
            try AtomicFile.write(StateFile.seal(magic: magic, version: version, body: engine.encodeState()), to: path)
        } catch {
            throw TailError(kind: .writeFailed, path: error.path, reason: "\(error.operation) failed: \(error.reason)")
        }
    }

    /// Creates `directory` if missing and checks that ``save(_:directory:)`` could write there; call
    /// it before a long scan so a bad `--save-state` fails first.
    /// - Throws: ``TailError`` `.unusableDirectory` naming the directory.
    public static func prepare(directory: String) throws(TailError) {
        do { try AtomicFile.prepareDirectory(directory) } catch {
            throw TailError(
                kind: .unusableDirectory, path: error.path, reason: "\(error.operation) failed: \(error.reason)")
        }
    }

    /// Restores `engine` from the file in `directory`.
    /// - Throws: ``TailError`` `.noState` when there is no saved state, `.unusableDirectory` when the
    ///   directory is refused (a symbolic link) or cannot be opened, `.unusableState` when the file is
    ///   corrupt, newer, or for another detector or actor key.
    public static func load<D: StatefulDetector>(into engine: DetectionEngine<D>, directory: String) throws(TailError) {
        let path = path(in: directory)
        let bytes: [UInt8]?
        do { bytes = try AtomicFile.read(path) } catch {
            throw TailError(reading: error, path: path)
        }
        guard let bytes else {
            throw TailError(
                kind: .noState, path: path,
                reason:
                    "no saved state here (`scan --save-state DIR` writes one; leave out --load-state to start fresh)"
            )
        }
        let (reader, _) = try StateFile.open(
            bytes, path: path, magic: magic, what: "an engine state file", supported: 1...version)
        do { try engine.restoreState(Array(reader.bytes[reader.offset...])) } catch {
            throw TailError(kind: .unusableState, path: path, offset: Int64(12 + error.offset), reason: error.reason)
        }
    }
}
