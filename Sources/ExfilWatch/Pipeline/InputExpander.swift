import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Expands the command line's inputs: files as given, directories to the log files inside them
/// (recursively, sorted by path), `-` for stdin.
public enum InputExpander {
    /// What the command line names, once expanded.
    public struct Expansion: Sendable {
        /// The inputs to read, each once.
        public var files: [String] = []
        /// A path that does not exist, or a directory that cannot be listed (its logs would be missed).
        public var errors: [IngestError] = []
        /// The files found inside a directory rather than named (a `manifest.json` there is no log).
        public var found: Set<String> = []
        /// Inputs named twice (or named and also found in a directory), with the path read instead:
        /// reading one file twice would count each of its events twice.
        public var duplicates: [(path: String, sameAs: String)] = []
        /// Named directories in which no log file was found (a wrong path, or logs under other names).
        public var emptyDirectories: [String] = []
    }

    /// True for names that look like logs: `*.gz`, `*.log`, `*.jsonl`, `*.json`, rotated names such as
    /// `access.log.1` and logrotate's `dateext` (`access.log-20251106`), and Apache's `access_log`.
    public static func isLogName(_ name: String) -> Bool {
        if name.hasPrefix(".") { return false }
        return name.hasSuffix(".gz") || name.hasSuffix(".log") || name.hasSuffix(".jsonl")
            || name.hasSuffix(".json") || name.contains(".log.") || name.contains(".log-")
            || name.hasSuffix("_log") || name.contains("_log.") || name.contains("_log-")
    }

    /// Expands `paths`. Inside directories only regular files with log names are taken (symbolic links
    /// to them too, but no linked directory, which could loop); pipes and devices found there are
    /// skipped, since reading one could wait forever. Named pipes and devices are read as named.
    public static func expand(_ paths: [String]) -> Expansion {
        var result = Expansion()
        var seen: [FileIdentity: String] = [:]
        func add(_ path: String) {
            if let identity = identity(of: path) {
                if let first = seen[identity] {
                    result.duplicates.append((path, first))
                    return
                }
                seen[identity] = path
            }
            result.files.append(path)
        }
        for path in paths {
            if path == "-" {
                add(path)
                continue
            }
            var st = stat()
            guard stat(path, &st) == 0 else {
                let reason = errno == ENOENT ? "no such file or directory" : RawFile.errnoText()
                result.errors.append(IngestError(kind: .unreadable, path: path, offset: 0, reason: reason))
                continue
            }
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                add(path)
                continue
            }
            var found: [String] = []
            let errorsBefore = result.errors.count
            walk(path, into: &found, errors: &result.errors)
            if found.isEmpty && result.errors.count == errorsBefore { result.emptyDirectories.append(path) }
            for file in found.sorted() { add(file) }
            result.found.formUnion(found)
        }
        result.found.subtract(paths)
        return result
    }

    /// The device and inode of `path` (of standard input for `-`), following links; nil when unknown.
    private static func identity(of path: String) -> FileIdentity? {
        var st = stat()
        guard (path == "-" ? fstat(0, &st) : stat(path, &st)) == 0 else { return nil }
        return FileIdentity(st)
    }

    /// Appends the log files under `directory` to `found`; a directory that cannot be listed is an error.
    private static func walk(_ directory: String, into found: inout [String], errors: inout [IngestError]) {
        guard let dir = opendir(directory) else {
            errors.append(
                IngestError(
                    kind: .unreadable, path: directory, offset: 0,
                    reason: "cannot list directory: \(RawFile.errnoText())"))
            return
        }
        defer { closedir(dir) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = prefix + name
            var st = stat()
            guard lstat(full, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                walk(full, into: &found, errors: &errors)
            case S_IFREG:
                if isLogName(name) { found.append(full) }
            case S_IFLNK:
                if isLogName(name), stat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { found.append(full) }
            default:
                continue
            }
        }
    }
}
