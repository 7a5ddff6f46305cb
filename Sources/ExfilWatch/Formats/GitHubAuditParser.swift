#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses GitHub audit-log JSON lines, one object per line (audit-log streaming; a UI export, a JSON
/// array, becomes lines with `jq -c '.[]'`).
///
/// Reads only the top level of the object: `action`, `actor`, `actor_ip`, `repo` (or `repository`),
/// `@timestamp` (epoch milliseconds) or `created_at` (epoch milliseconds or RFC 3339), `user_agent`,
/// `hashed_token`. Other keys, nested objects and arrays are skipped. String values are the bytes
/// between the quotes; when one holds an escape the event asks for ``Event/Rewrites/jsonEscapes`` and
/// the line's owner decodes it in place (``Event/applyRewrites(in:)``). Allocation-free.
public struct GitHubAuditParser: Sendable {
    public init() {}

    /// Fills `event` from `line`. Returns false when the line is not a JSON object with a time in
    /// ``Event/plausibleTimes``.
    /// - Complexity: O(line length).
    public func parse(_ line: UnsafeRawBufferPointer, into event: inout Event) -> Bool {
        event = Event()
        var scanner = JSONObjectScanner(line: line)
        guard scanner.begin() else { return false }
        var action = ByteRange.empty
        var timestamp: Int64?
        var createdAt: Int64?
        var repository = ByteRange.empty
        while let key = scanner.nextKey() {
            guard let value = scanner.value() else { return false }
            switch key.count {
            case 3 where line.matches(key, "org"):
                continue
            case 4 where line.matches(key, "repo"):
                if value.isString { repository = value.range }
            case 5 where line.matches(key, "actor"):
                if value.isString { event.user = value.range }
            case 6 where line.matches(key, "action"):
                action = value.range
            case 8 where line.matches(key, "actor_ip"):
                if value.isString { event.client = value.range }
            case 10 where line.matches(key, "@timestamp"):
                timestamp = Self.time(value, line)
            case 10 where line.matches(key, "created_at"):
                createdAt = Self.time(value, line)
            case 10 where line.matches(key, "user_agent"):
                if value.isString { event.userAgent = value.range }
            case 10 where line.matches(key, "repository"):
                if value.isString && repository.isEmpty { repository = value.range }
            case 12 where line.matches(key, "hashed_token"):
                if value.isString { event.token = value.range }
            default:
                continue
            }
        }
        guard scanner.isComplete, let t = timestamp ?? createdAt, Event.plausibleTimes.contains(t) else { return false }
        event.time = t
        event.resource = repository
        event.action = Self.actionClass(action, line)
        if Self.hasBackslash(event.user, line) || Self.hasBackslash(event.client, line)
            || Self.hasBackslash(repository, line) || Self.hasBackslash(event.userAgent, line)
            || Self.hasBackslash(event.token, line)
        {
            event.rewrites = .jsonEscapes
        }
        return true
    }

    private static func hasBackslash(_ range: ByteRange, _ line: UnsafeRawBufferPointer) -> Bool {
        !range.isEmpty && memchr(line.baseAddress! + Int(range.start), Int32(ASCII.backslash), range.count) != nil
    }

    /// Maps the audit `action` to a class. `repo.download_zip` is GitHub's archive download event;
    /// migrations are organisation or user exports.
    static func actionClass(_ action: ByteRange, _ line: UnsafeRawBufferPointer) -> ActionClass {
        switch action.count {
        case 9 where line.matches(action, "git.clone"): .clone
        case 9 where line.matches(action, "git.fetch"): .fetch
        case 8 where line.matches(action, "git.push"): .push
        case 17 where line.matches(action, "repo.download_zip"): .archive
        case 16 where line.matches(action, "migration.create"): .export
        case 18 where line.matches(action, "migration.download"): .export
        default: .other
        }
    }

    /// Epoch milliseconds (number or numeric string) or RFC 3339 text, as seconds since the epoch.
    static func time(_ value: JSONObjectScanner.Value, _ line: UnsafeRawBufferPointer) -> Int64? {
        if let ms = line.parseInt(value.range) { return ms / 1000 }
        guard value.isString else { return nil }
        return CivilTime.parseRFC3339(
            UnsafeRawBufferPointer(rebasing: line[Int(value.range.start)..<Int(value.range.end)]))
    }
}
