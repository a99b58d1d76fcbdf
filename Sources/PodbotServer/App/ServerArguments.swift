import Foundation
import PodbotInference
import PodbotRetrieval

/// Everything `podbot serve` (and the tests) decide about one server.
public struct ServerArguments: Sendable {
    /// Address to bind; loopback by default.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// The library file.
    public var libraryPath: String
    /// Bearer token for the write endpoints (import, jobs); `PODBOT_TOKEN`. Required off loopback.
    public var token: String?
    /// Largest accepted upload, in bytes.
    public var maxUploadBytes: Int
    /// Seconds a non-streaming request may take before it is answered 504.
    public var requestTimeout: Double
    /// Seconds an idle keep-alive connection stays open.
    public var idleTimeout: Double
    /// Asks waiting behind the running one before further asks get 503.
    public var askQueueLimit: Int
    /// Retrieval mode for search and ask (hybrid falls back to BM25 without vectors).
    public var searchMode: RetrievalMode
    /// Model choices from flags; the rest comes from the environment and config file.
    public var inference: InferenceConfiguration.Overrides
    /// Most tokens in one answer.
    public var maxAnswerTokens: Int
    /// Folder for uploaded files (kept: the library records where an episode came from).
    public var uploadsFolder: String
    /// Allowed CORS origin; `nil` (the default) sends no CORS headers at all.
    public var corsOrigin: String?

    /// Defaults: 127.0.0.1:8080, 16 MB uploads, 30 s requests, 4 queued asks.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, libraryPath: String,
        token: String? = ProcessInfo.processInfo.environment["PODBOT_TOKEN"], maxUploadBytes: Int = 16 << 20,
        requestTimeout: Double = 30, idleTimeout: Double = 60, askQueueLimit: Int = 4,
        searchMode: RetrievalMode = .hybrid, inference: InferenceConfiguration.Overrides = .init(),
        maxAnswerTokens: Int = AskPipeline.Request.defaultMaxTokens, uploadsFolder: String? = nil,
        corsOrigin: String? = nil
    ) {
        self.host = host
        self.port = port
        self.libraryPath = libraryPath
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.maxUploadBytes = maxUploadBytes
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.askQueueLimit = askQueueLimit
        self.searchMode = searchMode
        self.inference = inference
        self.maxAnswerTokens = maxAnswerTokens
        self.uploadsFolder =
            uploadsFolder
            ?? URL(fileURLWithPath: libraryPath).deletingLastPathComponent().appendingPathComponent("uploads").path
        self.corsOrigin = corsOrigin
    }
}
