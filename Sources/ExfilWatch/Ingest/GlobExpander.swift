#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Expands `tail`'s file arguments with `glob(3)`: a pattern (`/var/log/nginx/access.log*`) becomes
/// the paths that match it now; a plain path is kept as is, whether or not it exists yet.
public enum GlobExpander {
    /// True when `pattern` contains `*`, `?` or `[`.
    public static func isPattern(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The paths `patterns` name now, in argument order, each pattern's matches sorted, without
    /// duplicates. Patterns that match nothing contribute nothing.
    public static func expand(_ patterns: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for pattern in patterns {
            for path in isPattern(pattern) ? matches(pattern) : [pattern] where seen.insert(path).inserted {
                out.append(path)
            }
        }
        return out
    }

    /// Why the directory `pattern` lists cannot be read (`Permission denied`), nil when it can, does
    /// not exist, or is itself a pattern. `glob(3)` treats an unreadable directory as one without
    /// matches, so without this a wrong group on `/var/log/nginx` would follow nothing in silence.
    public static func unreadableDirectory(of pattern: String) -> (directory: String, reason: String)? {
        let directory = AtomicFile.split(pattern).directory
        guard isPattern(pattern), !isPattern(directory) else { return nil }
        guard let dir = opendir(directory) else {
            let code = errno
            return code == ENOENT ? nil : (directory, String(cString: strerror(code)))
        }
        closedir(dir)
        return nil
    }

    /// `glob(3)` of one pattern, sorted; empty on no match or error.
    public static func matches(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out
    }
}
