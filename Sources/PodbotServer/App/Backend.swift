import Foundation
import PodbotInference
import PodbotLibrary
import PodbotRetrieval

/// What the web app, the JSON API and the MCP server share: the library, the models, the ask queue and the jobs.
public final class Backend: Sendable {
    /// The library everything reads from.
    public let library: Library
    let models: ModelHub
    let askGate: AskGate
    let searchMode: RetrievalMode
    let maxAnswerTokens: Int
    /// The background job queue (a service; run it with the application).
    public let jobs: JobQueue

    /// A backend over `library`; no model is loaded yet.
    public init(
        library: Library, inference: InferenceConfiguration.Overrides = .init(), searchMode: RetrievalMode = .hybrid,
        askQueueLimit: Int = 4, maxAnswerTokens: Int = AskPipeline.Request.defaultMaxTokens
    ) {
        self.library = library
        self.models = ModelHub(library: library, overrides: inference)
        self.askGate = AskGate(queueLimit: askQueueLimit)
        self.searchMode = searchMode
        self.maxAnswerTokens = maxAnswerTokens
        self.jobs = JobQueue()
    }

    /// Passages matching `text`, best first, as `podbot search --json` prints them.
    public func search(
        _ text: String, filter: PassageFilter = PassageFilter(), mode: RetrievalMode? = nil, limit: Int = 10
    ) async throws -> [SearchHit] {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        let retriever = await models.retriever(for: mode ?? searchMode)
        let result = try await retriever.retrieve(
            text, mode: mode ?? searchMode, filter: filter, k: min(max(limit, 1), 100))
        return result.passages.map(\.hit)
    }

    /// A cited answer to `question`; waits its turn for the model.
    /// - Parameter onToken: receives the answer as it is generated.
    /// - Throws: 503 ``ProblemDetails`` when too many questions wait, `InferenceError`, `CancellationError`.
    public func ask(
        _ question: String, filter: PassageFilter = PassageFilter(), k: Int = AskPipeline.Request.defaultK,
        onToken: (@Sendable (String) -> Void)? = nil
    ) async throws -> AskResult {
        try await askGate.enter()
        do {
            try Task.checkCancellation()
            let mode = searchMode
            let retriever = await models.retriever(for: mode)
            let generator = try await models.textGenerator()
            let pipeline = AskPipeline(retriever: retriever, generator: generator)
            let result = try await pipeline.ask(
                AskPipeline.Request(
                    question: question, filter: filter,
                    k: min(max(k, AskPipeline.Request.kRange.lowerBound), AskPipeline.Request.kRange.upperBound),
                    mode: mode,
                    options: AskPipeline.answerOptions(maxTokens: maxAnswerTokens)),
                onToken: onToken)
            await askGate.leave()
            return result
        } catch {
            await askGate.leave()
            throw error
        }
    }

    /// The passage ids of an episode with the segments each covers, for transcript anchors.
    func passageAnchors(episode id: Int64, segments page: Range<Int>? = nil) throws -> [PassageAnchor] {
        try library.passages(episode: id, segments: page).compactMap(PassageAnchor.init)
    }
}
