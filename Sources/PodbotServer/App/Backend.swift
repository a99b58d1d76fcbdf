import Foundation
import Logging
import PodbotInference
import PodbotLibrary
import PodbotRetrieval
import PodbotService

/// What the web app, the JSON API and the MCP server share: the podbot they adapt (library, models, ask queue)
/// and the background jobs.
public final class Backend: Sendable {
    /// Searches and asks, with their rules; the CLI calls the same.
    public let podbot: Podbot
    /// The background job queue (a service; run it with the application).
    public let jobs: JobQueue

    /// The library everything reads from.
    public var library: Library { podbot.library }
    var models: ModelHub { podbot.models }
    var askGate: AskGate { podbot.askGate }

    /// A backend over `library`; no model is loaded yet. A reason retrieval is weaker than asked (no vectors
    /// yet, the embedding model missing) is logged once as a warning.
    public init(
        library: Library, inference: InferenceConfiguration.Overrides = .init(), searchMode: RetrievalMode = .hybrid,
        askQueueLimit: Int = 4, maxAnswerTokens: Int = AskPipeline.Request.defaultMaxTokens
    ) {
        self.podbot = Podbot(
            library: library, inference: inference, searchMode: searchMode, askQueueLimit: askQueueLimit,
            maxAnswerTokens: maxAnswerTokens,
            notice: { Logger(label: "podbot.models").warning("\($0)") })
        self.jobs = JobQueue()
    }

    /// Passages matching `text`, best first (``Podbot/search(_:filter:mode:limit:reranker:)``).
    public func search(
        _ text: String, filter: PassageFilter = PassageFilter(), mode: RetrievalMode? = nil,
        limit: Int = SearchLimits.defaultLimit
    ) async throws -> [SearchHit] {
        try await podbot.search(text, filter: filter, mode: mode, limit: limit)
    }

    /// `question` as an ask takes it, if it would have room now (``Podbot/admit(_:)``).
    public func admit(_ question: String) async throws -> String {
        try await podbot.admit(question)
    }

    /// A cited answer to `question` (``Podbot/ask(_:filter:k:mode:maxTokens:onToken:)``).
    public func ask(
        _ question: String, filter: PassageFilter = PassageFilter(), k: Int = AskPipeline.Request.defaultK,
        onToken: (@Sendable (String) -> Void)? = nil
    ) async throws -> AskResult {
        try await podbot.ask(question, filter: filter, k: k, onToken: onToken)
    }
}
