/// Everything `tail` needs to resume exactly where it stopped, saved atomically (mode 0600) as
/// `tail.checkpoint` in the `--state` directory: per followed file its identity, fingerprint, offset
/// and line number; the engine state (intern tables, detector state, newest event time); the
/// watermark the wall clock had moved to; and the ids of alerts already delivered.
///
/// File positions and engine state are written together in one file, so they always agree: a
/// restart re-reads exactly the lines the saved engine has not counted.
///
/// Layout: ``StateFile`` envelope (magic `EWTAILCK`, version, CRC-32) around a ``StateWriter`` body.
public struct TailCheckpoint: Sendable, Equatable {
    /// Name of the checkpoint file inside the state directory.
    public static let fileName = "tail.checkpoint"
    /// Layout version written by this build.
    public static let version: UInt32 = 1
    static let magic: [UInt8] = Array("EWTAILCK".utf8)

    public var files: [FilePosition]
    /// Ids of alerts already delivered, oldest first (bounded by ``DeliveredAlerts``).
    public var deliveredAlertIDs: [String]
    /// Event time the quiet-input clock had moved the detector to, seconds UTC; `Int64.min` if never.
    public var watermark: Int64
    /// ``DetectionEngine/encodeState()``.
    public var engineState: [UInt8]
    /// Wall-clock time of writing, seconds since the epoch.
    public var savedAt: Int64

    public init(
        files: [FilePosition], deliveredAlertIDs: [String], watermark: Int64, engineState: [UInt8], savedAt: Int64
    ) {
        self.files = files
        self.deliveredAlertIDs = deliveredAlertIDs
        self.watermark = watermark
        self.engineState = engineState
        self.savedAt = savedAt
    }

    /// The checkpoint's path in `directory`.
    public static func path(in directory: String) -> String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// The sealed bytes of the checkpoint file.
    public func encoded() -> [UInt8] {
        var w = StateWriter(capacity: engineState.count + files.count * 96 + deliveredAlertIDs.count * 24 + 64)
        w.i64(savedAt)
        w.i64(watermark)
        w.count(files.count)
        for f in files {
            w.string(f.path)
            w.u64(f.identity.device)
            w.u64(f.identity.inode)
            w.u64(f.fingerprint.hash)
            w.count(f.fingerprint.length)
            w.i64(f.offset)
            w.i64(f.lineNumber)
            w.string(f.format ?? "")
        }
        w.count(deliveredAlertIDs.count)
        for id in deliveredAlertIDs { w.string(id) }
        w.blob(engineState)
        return StateFile.seal(magic: Self.magic, version: Self.version, body: w.bytes)
    }

    /// Decodes a checkpoint file's bytes; `path` names it in errors.
    /// - Throws: ``TailError`` `.unusableState` for anything but a complete checkpoint of a known
    ///   version.
    public init(decoding bytes: [UInt8], path: String) throws(TailError) {
        var (r, _) = try StateFile.open(
            bytes, path: path, magic: Self.magic, what: "a tail checkpoint", supported: 1...Self.version)
        do throws(StateDecodingError) {
            savedAt = try r.i64()
            watermark = try r.i64()
            let n = try r.count(minimumElementSize: 64)
            files = []
            for _ in 0..<n {
                let p = try r.string()
                let identity = FileIdentity(device: try r.u64(), inode: try r.u64())
                let hash = try r.u64()
                let length = try r.count(minimumElementSize: 0)
                guard length <= FileFingerprint.maxLength else {
                    throw StateDecodingError(offset: r.offset, reason: "fingerprint length \(length)")
                }
                let offset = try r.i64()
                let lineNumber = try r.i64()
                let format = try r.string()
                files.append(
                    FilePosition(
                        path: p, identity: identity, fingerprint: FileFingerprint(hash: hash, length: length),
                        offset: offset, lineNumber: lineNumber, format: format.isEmpty ? nil : format))
            }
            let ids = try r.count(minimumElementSize: 8)
            deliveredAlertIDs = []
            for _ in 0..<ids { deliveredAlertIDs.append(try r.string()) }
            engineState = Array(try r.blob())
            guard r.remaining == 0 else { throw StateDecodingError(offset: r.offset, reason: "trailing bytes") }
        } catch {
            throw TailError(
                kind: .unusableState, path: path, offset: Int64(12 + error.offset),
                reason: "corrupt checkpoint: \(error.reason)")
        }
    }

    /// The checkpoint in `directory`, or nil when there is none.
    /// - Throws: ``TailError`` when it exists but cannot be read or used.
    public static func load(directory: String) throws(TailError) -> TailCheckpoint? {
        let path = path(in: directory)
        let bytes: [UInt8]?
        do { bytes = try AtomicFile.read(path) } catch {
            throw TailError(reading: error, path: path)
        }
        guard let bytes else { return nil }
        return try TailCheckpoint(decoding: bytes, path: path)
    }

    /// Writes the checkpoint into `directory` atomically with mode 0600 (creating the directory,
    /// 0700, if needed).
    public func save(directory: String) throws(TailError) {
        let path = Self.path(in: directory)
        do {
            try AtomicFile.makeDirectory(directory)
            try AtomicFile.write(encoded(), to: path)
        } catch {
            throw TailError(kind: .writeFailed, path: error.path, reason: "\(error.operation) failed: \(error.reason)")
        }
    }
}
