import ExfilWatch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("SpoolDirectory")
struct SpoolDirectoryTests {
    private func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test("writes <id>.json atomically, mode 0600, leaving no temporary file; creates the directory 0700")
    func atomicPrivateWrite() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let path = root + "/spool/nested"
        let spool = try SpoolDirectory(path: path)
        #expect(mode(path) == 0o700)
        let old = umask(0)  // a permissive umask must not widen the file mode
        defer { umask(old) }
        try spool.write(Array("first\n".utf8), forAlertID: "ep1.r0")
        try spool.write(Array("second\n".utf8), forAlertID: "ep1.r0")
        #expect(AlertTestSupport.listing(path) == ["ep1.r0.json"])
        #expect(mode(path + "/ep1.r0.json") == 0o600)
        #expect(try String(contentsOfFile: path + "/ep1.r0.json", encoding: .utf8) == "second\n")
        #expect(try spool.read(alertID: "ep1.r0") == Array("second\n".utf8))
        #expect(try spool.entries().map(\.id) == ["ep1.r0"])
        #expect(try spool.remove(alertID: "ep1.r0"))
        #expect(try !spool.remove(alertID: "ep1.r0"))
        #expect(try spool.entries().isEmpty)
    }

    @Test(
        "ids that could escape the directory or hide a file are refused",
        arguments: [
            "../escape", "..", "a/../../b", "a/b", "/etc/passwd", ".hidden", "", "a b", "ä", "x\0y",
            String(repeating: "a", count: 201), "..json",
        ])
    func hostileIDs(_ id: String) throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let spool = try SpoolDirectory(path: root + "/spool")
        let error = try #require(throws: AlertSinkError.self) {
            try spool.write(Array("x".utf8), forAlertID: id)
        }
        #expect(error.code == .invalidAlertID)
        #expect(AlertTestSupport.listing(root + "/spool").isEmpty)
        #expect(AlertTestSupport.listing(root) == ["spool"])
        #expect(!SpoolDirectory.isValidAlertID(id))
    }

    @Test("a spool path that is a symbolic link is refused, with or without a trailing slash")
    func symlinkedDirectory() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        try FileManager.default.createDirectory(atPath: root + "/real", withIntermediateDirectories: false)
        #expect(symlink(root + "/real", root + "/link") == 0)
        for path in [root + "/link", root + "/link/", root + "/link//"] {
            let error = try #require(throws: AlertSinkError.self) { try SpoolDirectory(path: path) }
            #expect(error.code == .unsafePath)
            #expect(error.description.contains("symbolic link"))
        }
        #expect(AlertTestSupport.listing(root + "/real").isEmpty)
    }

    @Test("a symlink planted at an alert's name is replaced, never written through")
    func plantedSymlinkAtTarget() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let spool = try SpoolDirectory(path: root + "/spool")
        try "precious\n".write(toFile: root + "/victim", atomically: false, encoding: .utf8)
        #expect(symlink(root + "/victim", root + "/spool/ep9.r0.json") == 0)
        try spool.write(Array("alert\n".utf8), forAlertID: "ep9.r0")
        #expect(try String(contentsOfFile: root + "/victim", encoding: .utf8) == "precious\n")
        var info = stat()
        #expect(lstat(root + "/spool/ep9.r0.json", &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFREG)
        #expect(try spool.read(alertID: "ep9.r0") == Array("alert\n".utf8))
    }

    @Test("planted symlinks, FIFOs and directories are never listed or read; removing a link spares its target")
    func plantedEntriesIgnored() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let spool = try SpoolDirectory(path: root + "/spool")
        try "secret\n".write(toFile: root + "/shadow", atomically: false, encoding: .utf8)
        #expect(symlink(root + "/shadow", root + "/spool/evil.json") == 0)
        #expect(mkfifo(root + "/spool/fifo.json", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: root + "/spool/dir.json", withIntermediateDirectories: false)
        try spool.write(Array("{}\n".utf8), forAlertID: "good.r0")
        #expect(try spool.entries().map(\.id) == ["good.r0"])
        let linkError = try #require(throws: AlertSinkError.self) { try spool.read(alertID: "evil") }
        #expect(linkError.code == .unsafePath)
        let fifoError = try #require(throws: AlertSinkError.self) { try spool.read(alertID: "fifo") }
        #expect(fifoError.code == .unsafePath)
        #expect(try spool.remove(alertID: "evil"))
        #expect(try String(contentsOfFile: root + "/shadow", encoding: .utf8) == "secret\n")
    }

    @Test("a directory removed under a running spool is a clear error, not a silent loss")
    func vanishedDirectory() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let spool = try SpoolDirectory(path: root + "/spool")
        #expect(rmdir(root + "/spool") == 0)
        let error = try #require(throws: AlertSinkError.self) {
            try spool.write(Array("x".utf8), forAlertID: "ep1.r0")
        }
        #expect(error.description.contains(root + "/spool"))
        #expect(error.description.contains("create failed"))
    }

    @Test("a path below a regular file cannot be a spool")
    func notADirectory() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        try "x".write(toFile: root + "/file", atomically: false, encoding: .utf8)
        let error = try #require(throws: AlertSinkError.self) { try SpoolDirectory(path: root + "/file") }
        #expect(error.code == .unsafePath)
        #expect(throws: AlertSinkError.self) { try SpoolDirectory(path: root + "/file/spool") }
    }

    @Test("an unwritable directory is refused up front", .enabled(if: geteuid() != 0, "root may write anywhere"))
    func unwritableDirectory() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer {
            chmod(root + "/ro", 0o700)
            AlertTestSupport.cleanup(root)
        }
        try FileManager.default.createDirectory(atPath: root + "/ro", withIntermediateDirectories: false)
        chmod(root + "/ro", 0o500)
        let error = try #require(throws: AlertSinkError.self) { try SpoolDirectory(path: root + "/ro") }
        #expect(error.code == .permissionDenied)
    }

    @Test(
        "a full disk fails the write loudly and leaves neither a partial file nor a temporary one",
        .enabled(if: TmpfsMount.isAvailable, "needs root and mount(8) to make a small tmpfs"))
    func fullDisk() throws {
        let root = AlertTestSupport.temporaryDirectory()
        defer { AlertTestSupport.cleanup(root) }
        let mount = try TmpfsMount(at: root + "/small", kilobytes: 64)
        defer { mount.unmount() }
        let spool = try SpoolDirectory(path: root + "/small")
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 20_000)
        var failure: AlertSinkError?
        for k in 0..<10 {
            do {
                try spool.write(big, forAlertID: "ep\(k).r0")
            } catch let error as AlertSinkError {
                failure = error
                break
            }
        }
        let error = try #require(failure)
        #expect(error.code == .diskFull)
        #expect(error.description.contains("No space left on device"))
        let names = AlertTestSupport.listing(root + "/small")
        #expect(!names.contains { $0.hasPrefix(".") })
        for name in names {
            #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/small/" + name)).count == big.count)
        }
    }
}

/// A small tmpfs mounted for a test (root only).
struct TmpfsMount {
    let path: String

    static let isAvailable: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        let probe = AlertTestSupport.temporaryDirectory("exfilwatch-mount-probe")
        defer { AlertTestSupport.cleanup(probe) }
        guard let mount = try? TmpfsMount(at: probe, kilobytes: 16) else { return false }
        mount.unmount()
        return true
    }()

    init(at path: String, kilobytes: Int) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", path])
        guard status == 0 else { throw CocoaError(.fileWriteNoPermission) }
        self.path = path
    }

    func unmount() {
        _ = Self.run("/bin/umount", [path])
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
