import Foundation
import PodbotErrors
import PodbotInference
import PodbotLibrary
import PodbotRetrieval

/// The library with its models: what `podbot search` and `podbot ask`, the web app, the JSON API and the MCP
/// tools all call, so the rules of a search and an ask (limits, defaults, the BM25 fallback, one ask on the model
/// at a time) live in one place and every front end is an adapter over it.
public final class Podbot: Sendable {
    /// The library everything reads from.
    public let library: Library
    /// The models, loaded on first use.
    public let models: ModelHub
    /// One ask on the chat model at a time; the next few wait in order, the rest are refused as busy.
    public let askGate: AskGate
    /// The retrieval mode of searches and asks that name none.
    public let searchMode: RetrievalMode
    /// The most tokens an answer may have when the ask names no limit.
    public let maxAnswerTokens: Int

    /// The longest question an ask takes, in characters.
    public static let maxQuestionLength = 2000

    /// A podbot over `library`; no model is loaded yet.
    /// - Parameter notice: receives each one-line reason retrieval is weaker than asked (no vectors yet, the
    ///   embedding model missing), once.
    public convenience init(
        library: Library, inference: InferenceConfiguration.Overrides = .init(), searchMode: RetrievalMode = .hybrid,
        askQueueLimit: Int = 4, maxAnswerTokens: Int = AskPipeline.Request.defaultMaxTokens,
        notice: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.init(
            library: library, models: ModelHub(library: library, overrides: inference, notice: notice),
            searchMode: searchMode, askQueueLimit: askQueueLimit, maxAnswerTokens: maxAnswerTokens)
    }

    /// A podbot whose models the caller has made: any ``TextGenerator`` answers, any ``Embedder`` (when given)
    /// embeds questions for hybrid search; a missing one is loaded from the configuration (with `inference`) on
    /// first use.
    public convenience init(
        library: Library, generator: (any TextGenerator)?, embedder: (any Embedder)?,
        inference: InferenceConfiguration.Overrides = .init(), searchMode: RetrievalMode = .hybrid,
        askQueueLimit: Int = 4,
        maxAnswerTokens: Int = AskPipeline.Request.defaultMaxTokens,
        notice: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.init(
            library: library,
            models: ModelHub(
                library: library, generator: generator, embedder: embedder, overrides: inference, notice: notice),
            searchMode: searchMode, askQueueLimit: askQueueLimit, maxAnswerTokens: maxAnswerTokens)
    }

    /// A podbot over `library` with `models`, which may load them in their own way (tests).
    init(
        library: Library, models: ModelHub, searchMode: RetrievalMode = .hybrid, askQueueLimit: Int = 4,
        maxAnswerTokens: Int = AskPipeline.Request.defaultMaxTokens
    ) {
        self.library = library
        self.models = models
        self.askGate = AskGate(queueLimit: askQueueLimit)
        self.searchMode = searchMode
        self.maxAnswerTokens = maxAnswerTokens
    }

    /// Passages matching `text`, best first, as `podbot search --json` prints them; none for blank text.
    /// - Parameters:
    ///   - limit: how many, brought into ``SearchLimits/range``.
    ///   - reranker: reorders the first `reranker.depth` passages before the first `limit` are kept.
    public func search(
        _ text: String, filter: PassageFilter = PassageFilter(), mode: RetrievalMode? = nil,
        limit: Int = SearchLimits.defaultLimit, reranker: QueryLikelihoodReranker? = nil
    ) async throws -> [SearchHit] {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        let mode = mode ?? searchMode
        let limit = limit.clamped(to: SearchLimits.range)
        let retriever = await models.retriever(for: mode)
        var passages = try await retriever.retrieve(
            text, mode: mode, filter: filter, k: max(limit, reranker?.depth ?? 0)
        ).passages
        if let reranker { passages = try await reranker.rerank(text, passages: passages) }
        return passages.prefix(limit).map(\.hit)
    }

    /// `question` as ``ask(_:filter:k:mode:maxTokens:onToken:)`` takes it, if an ask of it would have room now.
    ///
    /// A front end calls this before it commits to a response (a stream's head, a wait on the client's
    /// connection), so that what an ask refuses at once is refused as a plain error.
    /// - Throws: an invalid-input ``ServiceError`` for a blank or too long question, a busy one when the queue is
    ///   full.
    public func admit(_ question: String) async throws -> String {
        let question = try Self.checked(question)
        try await askGate.checkRoom()
        return question
    }

    /// `question` trimmed, or the invalid-input error of a blank or too long one.
    private static func checked(_ question: String) throws -> String {
        let question = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw ServiceError(.invalidInput, "give a question") }
        guard question.count <= maxQuestionLength else {
            throw ServiceError(.invalidInput, "the question is longer than \(maxQuestionLength) characters")
        }
        return question
    }

    /// A cited answer to `question`; waits its turn for the model.
    /// - Parameters:
    ///   - k: passages given to the model, brought into ``AskPipeline/Request/kRange``.
    ///   - maxTokens: the longest answer (default ``maxAnswerTokens``).
    ///   - onToken: receives the answer as it is generated.
    /// - Throws: an invalid-input ``ServiceError`` for a blank or too long question, a busy one when too many
    ///   questions wait, `InferenceError`, `CancellationError`.
    public func ask(
        _ question: String, filter: PassageFilter = PassageFilter(), k: Int = AskPipeline.Request.defaultK,
        mode: RetrievalMode? = nil, maxTokens: Int? = nil, onToken: (@Sendable (String) -> Void)? = nil
    ) async throws -> AskResult {
        let question = try Self.checked(question)
        try await askGate.enter()
        do {
            try Task.checkCancellation()
            let mode = mode ?? searchMode
            let retriever = await models.retriever(for: mode)
            let generator = try await models.textGenerator()
            let pipeline = AskPipeline(retriever: retriever, generator: generator)
            let result = try await pipeline.ask(
                AskPipeline.Request(
                    question: question, filter: filter, k: k.clamped(to: AskPipeline.Request.kRange), mode: mode,
                    options: AskPipeline.answerOptions(maxTokens: maxTokens ?? maxAnswerTokens)),
                onToken: onToken)
            await askGate.leave()
            return result
        } catch {
            await askGate.leave()
            throw error
        }
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
