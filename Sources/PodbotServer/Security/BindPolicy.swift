import Foundation

/// Decides whether a bind address is loopback, and so whether write endpoints need a token.
public enum BindPolicy {
    /// True for 127.0.0.0/8, ::1 and `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        let trimmed = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if trimmed == "localhost" || trimmed == "::1" || trimmed == "0:0:0:0:0:0:0:1" { return true }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Refuses an off-loopback bind without a token.
    /// - Throws: ``ServerError`` naming the address and `PODBOT_TOKEN`.
    public static func check(host: String, token: String?) throws {
        if !isLoopback(host) && (token ?? "").isEmpty {
            throw ServerError(
                "refusing to listen on \(host) without a token: set PODBOT_TOKEN (write endpoints then need "
                    + "`Authorization: Bearer <token>`), or bind to 127.0.0.1")
        }
    }
}
