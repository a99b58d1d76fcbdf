/// Where a model runs: a local GGUF file loaded in-process, or an OpenAI-compatible server.
public enum ModelSource: Sendable, Hashable, CustomStringConvertible {
    /// A GGUF file run in-process by llama.cpp.
    case file(path: String)
    /// An OpenAI-compatible HTTP server.
    case server(ServerEndpoint)

    public var description: String {
        switch self {
        case .file(let path): return path
        case .server(let endpoint): return "\(endpoint.model) at \(endpoint.baseURL)"
        }
    }
}

/// An OpenAI-compatible server: base URL (ending in `/v1` or not), model name and API key.
public struct ServerEndpoint: Sendable, Hashable {
    /// e.g. `http://127.0.0.1:8080/v1`; `/v1` is appended when missing.
    public var baseURL: String
    /// The `model` field sent with every request.
    public var model: String
    /// Sent as `Authorization: Bearer …` when set. Read from an environment variable, never from the config file.
    public var apiKey: String?

    public init(baseURL: String, model: String, apiKey: String? = nil) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        if !url.hasSuffix("/v1") { url += "/v1" }
        self.baseURL = url
        self.model = model
        self.apiKey = apiKey
    }
}
