import Crypto
import ExfilWatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signs webhook bodies the way GitHub signs its webhooks: HMAC-SHA256 over the exact body bytes with
/// a shared secret, sent as `X-Exfilwatch-Signature: sha256=<64 lowercase hex digits>`.
///
/// A receiver verifies by computing the same HMAC over the raw request body and comparing in constant
/// time. The secret is read from an environment variable (`--webhook-secret-env NAME`, default
/// `EXFILWATCH_WEBHOOK_SECRET`), never from the command line where `ps` would show it.
public struct WebhookSigner: Sendable {
    /// The header that carries the signature.
    public static let headerName = "X-Exfilwatch-Signature"
    /// The default environment variable holding the secret.
    public static let defaultEnvironmentVariable = "EXFILWATCH_WEBHOOK_SECRET"

    /// The HMAC key bytes (`SymmetricKey` is not Sendable, so the key is built per use).
    private let secret: [UInt8]

    /// A signer with `secret` (its UTF-8 bytes are the HMAC key).
    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// A signer whose secret is the value of environment variable `name`, or nil when it is unset.
    /// - Parameter required: throw instead of returning nil when the variable is unset (the user named
    ///   it explicitly with `--webhook-secret-env`).
    /// - Throws: ``AlertSinkError/Code/configuration`` when the variable is set but empty, or unset and
    ///   `required`.
    public static func fromEnvironment(
        variable name: String = defaultEnvironmentVariable, required: Bool = false
    ) throws -> WebhookSigner? {
        guard let value = getenv(name).map({ String(cString: $0) }) else {
            if required {
                throw AlertSinkError(
                    code: .configuration, message: "environment variable \(name) (the webhook secret) is not set")
            }
            return nil
        }
        guard !value.isEmpty else {
            throw AlertSinkError(
                code: .configuration, message: "environment variable \(name) (the webhook secret) is empty")
        }
        return WebhookSigner(secret: value)
    }

    /// `sha256=` followed by the lowercase hex HMAC-SHA256 of `body`.
    public func signature<Body: DataProtocol>(for body: Body) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256="
            + mac.map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }

    /// True when `header` is the signature of `body` (constant-time comparison of the MAC).
    public func isValid<Body: DataProtocol>(signature header: String, for body: Body) -> Bool {
        guard header.hasPrefix("sha256="), let mac = Self.bytes(fromHex: header.dropFirst(7)) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key)
    }

    private static func bytes(fromHex hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for k in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[k...k + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}
