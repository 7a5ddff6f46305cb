import ExfilWatch
import Foundation
import Testing

@Suite("Ingest: the files tail watches")
struct FileWatchSetTests {
    @Test("a plain log on the inode of an ignored archive, under another name, is read, not skipped")
    func inodeOfAnArchiveReused() throws {
        let dir = try TestSupport.temporaryDirectory()
        let archive = dir + "/access.log.2.gz"
        try TestSupport.gzip(Data("old line\n".utf8)).write(to: URL(fileURLWithPath: archive))
        let set = FileWatchSet(
            patterns: [dir + "/access.log*"], maxLineLength: 65_536, rotatedGrace: 1, startAtEnd: false,
            restoring: nil, logger: TailTest.quietLogger)
        #expect(set.refresh().isEmpty)
        #expect(set.followers.isEmpty)
        // What a rotation chain can do: the archive's inode freed and given to the new, plain log. The
        // same inode under a new name with new content is made here without relying on the filesystem.
        let handle = try #require(FileHandle(forUpdatingAtPath: archive))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data("new line\n".utf8))
        try handle.close()
        #expect(rename(archive, dir + "/access.log") == 0)
        let changes = set.refresh()
        #expect(changes.count == 1)
        #expect(set.followers.map(\.path) == [dir + "/access.log"])
        // An archive seen again under its own name stays ignored.
        try TestSupport.gzip(Data("older\n".utf8)).write(to: URL(fileURLWithPath: dir + "/access.log.3.gz"))
        _ = set.refresh()
        #expect(set.refresh().isEmpty)
        #expect(set.followers.map(\.path) == [dir + "/access.log"])
    }
}
