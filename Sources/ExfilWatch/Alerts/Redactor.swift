/// Removes secrets from alert text before any sink sees it.
///
/// Applied to an alert's reason, example resources, example addresses and actor (``redacted(_:)``).
/// What it replaces (parameter names case-insensitively; the value becomes `REDACTED`):
/// - **Query and form parameters** named in ``defaultParameters`` or in `extraParameters`:
///   `…?private_token=abc&x=1` → `…?private_token=REDACTED&x=1`. A parameter is recognised after `?`,
///   `&`, `;`, `#`, whitespace, a quote, a parenthesis or at the start; its value ends at `&`, `#`, `;`,
///   whitespace, a quote or `<`/`>`. The name may have escaped letters (`%74oken=`, also escaped twice,
///   `%2574oken`, as in a URL carried in another's query); array forms (`token[]=`, `token%5B0%5D=`),
///   a name in brackets (`user[password]=`) and spaces around `=` (up to three) count too, as does the
///   whole pair percent-encoded (`%3Ftoken%3Dabc`).
/// - **Passwords in URLs**: `https://user:pass@host/…` → `https://user:REDACTED@host/…`, and the same
///   without a scheme after a space, a quote, `//`, `=`, `&`, `;` or `,` (`git clone alice:pass@host/x`),
///   up to the last `@` before the host (a password may hold `@` and `:`, not `,;&=`).
/// - **Authorization values**: `Authorization: Basic dXNl…` → `Authorization: Basic REDACTED` (any
///   scheme, also percent-encoded once or twice: `Authorization%3A%20Basic%20…`), and a bare
///   `Bearer <credential of 16 or more characters>` anywhere (also `Bearer%20…` and `Bearer+…`, with
///   escapes in the credential).
/// - **Token shapes**: GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab
///   (`glpat-`, `gldt-`, `glrt-`, `glptt-`, `gloas-`, `glcbt-`, `glsoat-`, `glimt-`, `glft-`), Slack
///   (`xoxb-` …) and AWS access key ids (`AKIA…`, `ASIA…`): the prefix stays, the rest becomes
///   `REDACTED` (`ghp_REDACTED`).
/// - **Extra patterns** (regular expressions, e.g. from the model file): every match becomes
///   `REDACTED`.
///
/// The text is matched as it is: nothing is decoded, so a name shown in an alert is the name in the
/// logs, and extra patterns see the text their authors saw.
public struct Redactor: Sendable {
    /// The replacement text.
    public static let replacement = "REDACTED"

    /// Parameter names redacted by default (compared case-insensitively).
    public static let defaultParameters = [
        "access_token", "refresh_token", "id_token", "private_token", "job_token", "token", "auth_token",
        "sig", "signature", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token",
        "X-Goog-Signature", "X-Goog-Credential", "password", "passwd", "pwd", "secret", "client_secret",
        "api_key", "apikey", "api-key",
    ]

    /// One piece of a replacement: a captured group of the match, or literal text.
    private enum Piece: Sendable {
        case group(Int)
        case text(String)
    }

    private struct Rule: @unchecked Sendable {
        // `Regex` is immutable once built and safe to share; it is not declared Sendable.
        let regex: Regex<AnyRegexOutput>
        let replacement: [Piece]
        /// Text every match contains, tested first: the backtracking engine may take time quadratic
        /// in a long run of letters that cannot match (a hostile 8 KB repository name), and a literal
        /// search is linear. Only punctuation, which has no other canonically equivalent form.
        var required: String? = nil

        func replace(_ match: Regex<AnyRegexOutput>.Match) -> String {
            replacement.map { piece in
                switch piece {
                case .group(let k): match.output[k].substring.map(String.init) ?? ""
                case .text(let text): text
                }
            }.joined()
        }
    }

    private let rules: [Rule]
    /// The parameter names, lowercased, for names with escapes (``redactingEscapedParameters(_:names:)``).
    private let names: Set<String>

    /// - Parameters:
    ///   - extraParameters: more parameter names whose values are secret (case-insensitive).
    ///   - extraPatterns: regular expressions (Swift `Regex` syntax) whose matches are secret.
    /// - Throws: ``AlertSinkError/Code/configuration`` when a pattern does not compile.
    public init(extraParameters: [String] = [], extraPatterns: [String] = []) throws {
        let configured = (Self.defaultParameters + extraParameters).filter { !$0.isEmpty }
        let names = configured.map(Self.escapeForRegex)
        let r = Piece.text(Self.replacement)
        var rules: [Rule] = []
        func rule(_ pattern: String, requiring required: String? = nil, _ replacement: Piece...) throws {
            do {
                rules.append(Rule(regex: try Regex(pattern), replacement: replacement, required: required))
            } catch {
                // Only the parameter rule can fail: it holds the configured names (escaped).
                throw AlertSinkError(
                    code: .configuration, message: "redaction parameters do not form a pattern: \(error)")
            }
        }
        // name=value in a query string, a form body or free text; `name[]=`, `name[k]=` and `x[name]=`
        // (PHP and Rails arrays and hashes, brackets plain or escaped) and a few spaces around `=` too.
        let arrayPart =
            #"(?:\]|%5D|%255D)?(?:\[[^\]\s&#;=]{0,32}\]|%5B[A-Za-z0-9_.\-]{0,32}%5D|%255B[A-Za-z0-9_.\-]{0,32}%255D)?"#
        try rule(
            #"(?i)(^|[?&;#\s"'(\[{,]|%5B)((?:"# + names.joined(separator: "|") + ")" + arrayPart
                + #"\s{0,3}=\s{0,3})[^&#;\s"'<>]+"#,
            .group(1), .group(2), r)
        // The same percent-encoded, as in a redirect URL carried in another's query: `…%3Ftoken%3Dabc%26x…`.
        let encodedValue = #"(?:[^&#;\s"'<>%]|%(?!26|23)[0-9A-Fa-f]{2})+"#
        try rule(
            #"(?i)(^|[?&;#\s"'(\[{,]|%26|%3F|%23|%5B|%255B)((?:"# + names.joined(separator: "|") + ")" + arrayPart
                + "%3D)" + encodedValue,
            .group(1), .group(2), r)
        // scheme://user:password@host → scheme://user:REDACTED@host (up to the last @ before the path).
        // A scheme is at most 32 characters here, so that each start in a long run of letters gives up
        // after 32 rather than scanning the whole run (quadratic in a hostile 8 KB name).
        try rule(
            #"([A-Za-z][A-Za-z0-9+.\-]{0,31}://)([^/?#\s:]*):[^/?#\s]*@"#, requiring: "://", .group(1), .group(2),
            .text(":"), r, .text("@"))
        // user:password@host without a scheme (a command line, a remote's URL in free text), up to the last
        // `@` before the host, so a password may hold `@` and `:` (not `,;&=`, which end it: a list of
        // remotes is redacted one by one). Each start scans at most 256 bytes.
        try rule(
            #"(^|[\s"'(<\[,=&;]|//)([A-Za-z0-9_%][A-Za-z0-9._~!$+%\-]{0,63}):[^\s/?#"'<>,;&=]{1,256}@(?=[A-Za-z0-9\[])"#,
            requiring: "@", .group(1), .group(2), .text(":"), r, .text("@"))
        // Authorization header values, with or without a scheme word, plain or percent-encoded; a bare
        // long Bearer credential.
        try rule(
            #"(?i)(authorization(?:\s*[:=]\s*|(?:%3A|%3D|%253A|%253D)(?:%20|%2520|\+)*)"?"#
                + #"(?:[a-z]+(?:\s+|%20|%2520|\+))?)[^\s"',;&]+"#,
            .group(1), r)
        // After anything but a letter (an escape such as `%20` ends in a digit); a separator is required,
        // so `bearer-token-service` is a name, and one optional `:` or `=` between the spaces, so that a
        // long run of spaces is not split two ways (quadratic backtracking).
        try rule(
            #"(?i)(^|[^A-Za-z])(bearer(?:(?:%20|%2520|\+)+|\s+(?:[:=]\s*)?|[:=]\s*))"#
                + #"(?:[A-Za-z0-9._~+/=\-]|%[0-9A-Fa-f]{2}){16,}"#,
            .group(1), .group(2), r)
        // Token shapes: keep the prefix that says what kind of token leaked.
        try rule(#"\b(gh[pousr]_)[A-Za-z0-9]{20,}"#, .group(1), r)
        try rule(#"\b(github_pat_)[A-Za-z0-9_]{20,}"#, .group(1), r)
        try rule(#"\b(glpat-|gldt-|glrt-|glptt-|gloas-|glcbt-|glsoat-|glimt-|glft-)[A-Za-z0-9_\-]{20,}"#, .group(1), r)
        try rule(#"\b(xox[abposr]-)[A-Za-z0-9\-]{10,}"#, .group(1), r)
        try rule(#"\b(AKIA|ASIA)[A-Z0-9]{16}\b"#, .group(1), r)
        for pattern in extraPatterns {
            do {
                rules.append(Rule(regex: try Regex(pattern), replacement: [r]))
            } catch {
                throw AlertSinkError(
                    code: .configuration, message: "redaction pattern \(pattern) does not compile: \(error)")
            }
        }
        self.rules = rules
        self.names = Set(configured.map { $0.lowercased() })
    }

    /// `text` with every secret replaced by `REDACTED`.
    public func redact(_ text: String) -> String {
        var out = Self.redactingEscapedParameters(text, names: names)
        for rule in rules where rule.required.map({ out.contains($0) }) ?? true && out.contains(rule.regex) {
            out = out.replacing(rule.regex) { rule.replace($0) }
        }
        return out
    }

    /// `alert` with its reason, example resources and addresses, and actor redacted; other fields are
    /// unchanged.
    public func redacted(_ alert: Alert) -> Alert {
        var copy = alert
        copy.reason = redact(alert.reason)
        copy.exampleResources = alert.exampleResources.map(redact)
        copy.actor = redact(alert.actor)
        // An audit record's `actor_ip` is free text too.
        copy.exampleSourceIPs = alert.exampleSourceIPs.map(redact)
        return copy
    }

    /// The value of one hex digit.
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `s` as a regex matching itself: ASCII letters, digits and `_` as they are, other printable
    /// ASCII backslash-escaped, and every other scalar (controls, `£`, emoji, combining marks, which
    /// a backslash would make invalid) as `\u{…}`.
    static func escapeForRegex(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            let isWord = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            if isWord || scalar == "_" {
                out.unicodeScalars.append(scalar)
            } else if scalar.value >= 0x20 && scalar.value < 0x7F {
                out += "\\" + String(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out
    }
}
