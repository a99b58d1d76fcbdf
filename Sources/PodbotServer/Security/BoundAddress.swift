import Synchronization

/// The address the server listens on, with the port it really got (port 0 picks one when the server starts).
final class BoundAddress: Sendable {
    /// The configured host, as given to `--host`.
    let host: String
    private let port: Mutex<Int>

    init(host: String, port: Int) {
        self.host = host
        self.port = Mutex(port)
    }

    /// The listening port; 0 until a server asked for any port has started.
    var currentPort: Int { port.withLock { $0 } }

    /// Records the port the server was given.
    func started(port: Int) { self.port.withLock { $0 = port } }

    /// True when bound to every interface, where any name may reach the server.
    var isWildcard: Bool {
        ["0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"].contains(host.lowercased())
    }

    /// True when `authority` (a `Host` header) names this server: a loopback name or the bound host, with the
    /// bound port when it names one (any port before it is known). Names are compared case-insensitively.
    ///
    /// A rebound DNS name fails on the name, whatever the port; a bare name is let through because some clients
    /// (Hummingbird's test client among them) send `Host: localhost` without the port.
    func accepts(authority: String) -> Bool {
        guard let (name, port) = Self.split(authority: authority.lowercased()) else { return false }
        let bound = currentPort
        if let port, bound != 0, port != bound { return false }
        if isWildcard { return true }
        let boundName = host.lowercased().trimmingCharacters(in: ["[", "]"])
        return name == boundName || ["localhost", "127.0.0.1", "::1"].contains(name)
    }

    /// `host[:port]` or `[v6][:port]` as the name (without brackets) and port; `nil` when malformed.
    static func split(authority: String) -> (name: String, port: Int?)? {
        var name: Substring
        var rest: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            name = authority[authority.index(after: authority.startIndex)..<close]
            rest = authority[authority.index(after: close)...]
        } else {
            let colon = authority.firstIndex(of: ":") ?? authority.endIndex
            name = authority[..<colon]
            rest = authority[colon...]
        }
        guard !name.isEmpty else { return nil }
        if rest.isEmpty { return (String(name), nil) }
        guard rest.first == ":", let port = Int(rest.dropFirst()), (1...65535).contains(port) else { return nil }
        return (String(name), port)
    }
}
