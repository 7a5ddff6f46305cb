import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write(2)`, named apart from `GzipFileWriter.write` so member lookup does not shadow it.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Streams bytes through zlib's deflate with a gzip wrapper (`windowBits` 15 + 16) into a file.
///
/// Input is compressed as it arrives (`Z_NO_FLUSH`) into a 1 MiB output buffer that is written with
/// `write(2)` whenever it fills, so memory stays constant whatever the file size. The file is created
/// with mode 0644.
final class GzipFileWriter {
    /// Path being written, for error messages.
    let path: String
    /// Bytes handed to `write` so far (uncompressed).
    private(set) var uncompressedBytes: Int64 = 0
    /// Bytes written to disk so far (compressed, including the gzip header and trailer once finished).
    private(set) var compressedBytes: Int64 = 0

    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity = 1 << 20
    private var descriptor: Int32
    private var finished = false

    /// Opens (creating or truncating) `path` and initialises deflate.
    /// - Parameters:
    ///   - path: destination file.
    ///   - level: zlib compression level 1–9 (1 is fastest).
    /// - Throws: `SynthError` when the file cannot be opened or zlib refuses the parameters.
    init(path: String, level: Int32) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw SynthError(path: path, reason: "cannot create file: \(String(cString: strerror(errno)))")
        }
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: outputCapacity)
        // zlib keeps a back-pointer to the z_stream, so it must live at a stable address (hence allocate).
        let status = exfilwatch_deflateInit2(stream, level, 15 + 16)
        guard status == Z_OK else {
            close(descriptor)
            stream.deallocate()
            output.deallocate()
            throw SynthError(path: path, reason: "deflateInit2 failed with zlib status \(status)")
        }
    }

    deinit {
        if !finished {
            deflateEnd(stream)
            close(descriptor)
        }
        stream.deallocate()
        output.deallocate()
    }

    /// Compresses `count` bytes starting at `pointer`.
    /// - Throws: `SynthError` on a zlib or disk error.
    func write(_ pointer: UnsafeMutablePointer<UInt8>, count: Int) throws {
        guard count > 0 else { return }
        uncompressedBytes += Int64(count)
        stream.pointee.next_in = pointer
        stream.pointee.avail_in = uInt(count)
        try pump(flush: Z_NO_FLUSH)
    }

    /// Finishes the gzip member, writes the trailer and closes the file.
    /// - Throws: `SynthError` on a zlib or disk error.
    func finish() throws {
        guard !finished else { return }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(stream)
        finished = true
        if close(descriptor) != 0 {
            throw SynthError(path: path, reason: "close failed: \(String(cString: strerror(errno)))")
        }
    }

    private func pump(flush: Int32) throws {
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = uInt(outputCapacity)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw SynthError(path: path, reason: "deflate failed with zlib status \(status)")
            }
            let produced = outputCapacity - Int(stream.pointee.avail_out)
            try writeAll(produced)
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                return
            }
        }
    }

    private func writeAll(_ n: Int) throws {
        var offset = 0
        while offset < n {
            let written = posixWrite(descriptor, output + offset, n - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SynthError(path: path, reason: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        compressedBytes += Int64(n)
    }
}
