import Foundation

/// Expands the command line's inputs: files as given, directories to the log files inside them
/// (recursively, sorted by path), `-` for stdin.
public enum InputExpander {
    /// True for names that look like logs: `*.gz`, `*.log`, `*.jsonl`, `*.json`, and rotated names
    /// such as `access.log.1`.
    public static func isLogName(_ name: String) -> Bool {
        if name.hasPrefix(".") { return false }
        return name.hasSuffix(".gz") || name.hasSuffix(".log") || name.hasSuffix(".jsonl")
            || name.hasSuffix(".json") || name.contains(".log.")
    }

    /// - Returns: the files to read, an ``IngestError`` for each path that does not exist, and which of
    ///   the files were found inside a directory rather than named (a `manifest.json` there is no log).
    public static func expand(_ paths: [String]) -> (files: [String], errors: [IngestError], found: Set<String>) {
        var files: [String] = []
        var errors: [IngestError] = []
        var foundInDirectories: Set<String> = []
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(
                    IngestError(kind: .unreadable, path: path, offset: 0, reason: "no such file or directory"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else {
                errors.append(IngestError(kind: .unreadable, path: path, offset: 0, reason: "cannot list directory"))
                continue
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if isLogName(name) {
                    let full = (path as NSString).appendingPathComponent(relative)
                    var dir: ObjCBool = false
                    if fm.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue { found.append(full) }
                }
            }
            files.append(contentsOf: found.sorted())
            foundInDirectories.formUnion(found)
        }
        return (files, errors, foundInDirectories.subtracting(paths))
    }
}
