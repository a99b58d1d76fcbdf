import Foundation
import PodbotInference
import PodbotLibrary

/// Answers a question from the library: retrieve passages, decide coverage, generate a cited answer, validate it.
public struct AskPipeline: Sendable {
    /// One ask.
    public struct Request: Sendable {
        public var question: String
        public var filter: PassageFilter
        /// Passages given to the model.
        public var k: Int
        public var mode: RetrievalMode
        public var options: GenerationOptions

        public init(
            question: String, filter: PassageFilter = PassageFilter(), k: Int = 6, mode: RetrievalMode = .hybrid,
            options: GenerationOptions = AskPipeline.answerOptions(maxTokens: 256)
        ) {
            self.question = question
            self.filter = filter
            self.k = k
            self.mode = mode
            self.options = options
        }
    }

    /// Greedy decoding with a mild repeat penalty: small models otherwise loop on one sentence.
    public static func answerOptions(maxTokens: Int) -> GenerationOptions {
        GenerationOptions(maxTokens: maxTokens, temperature: 0, repeatPenalty: 1.15)
    }

    public let retriever: Retriever
    public let generator: any TextGenerator
    public var policy: CoveragePolicy

    public init(retriever: Retriever, generator: any TextGenerator, policy: CoveragePolicy = .default) {
        self.retriever = retriever
        self.generator = generator
        self.policy = policy
    }

    /// Answers `request`; `onToken` receives the answer as it streams (invalid markers already held back).
    /// - Throws: `InferenceError` from the model, `LibraryError` from storage, `CancellationError`.
    public func ask(_ request: Request, onToken: (@Sendable (String) -> Void)? = nil) async throws -> AskResult {
        let started = Date()
        let question = request.question.trimmingCharacters(in: .whitespacesAndNewlines)
        let retrieval = try await retriever.retrieve(question, mode: request.mode, filter: request.filter, k: request.k)
        let retrievalMs = Date().timeIntervalSince(started) * 1000
        let hits = retrieval.passages.map(\.hit)
        let sources = retrieval.passages.enumerated().map { AskResult.Source($1.hit, n: $0 + 1, score: $1.score) }

        func notCovered(_ reason: String, answer: String, raw: String?, support: Double?, firstToken: Double?)
            -> AskResult
        {
            AskResult(
                question: question, covered: false, answer: answer, citations: [], passages: sources,
                timings: .init(
                    retrievalMs: retrievalMs, firstTokenMs: firstToken,
                    totalMs: Date().timeIntervalSince(started) * 1000),
                invalidCitations: [], removedTimes: [], support: support, bestCosine: retrieval.bestCosine,
                mode: retrieval.mode, reason: reason, rawAnswer: raw)
        }

        if let reason = retrievalGap(retrieval) {
            return notCovered(
                reason,
                answer: "The library does not cover this question: \(reason). The closest passages are listed below.",
                raw: nil, support: nil, firstToken: nil)
        }

        var filter = StreamingCitationFilter(passageCount: hits.count)
        var raw = ""
        var firstToken: Double?
        for try await event in generator.chat(
            PromptBuilder.messages(question: question, passages: hits), options: request.options)
        {
            guard case .token(let piece) = event else { continue }
            if firstToken == nil { firstToken = Date().timeIntervalSince(started) * 1000 }
            raw += piece
            let visible = filter.feed(piece)
            if !visible.isEmpty { onToken?(visible) }
        }
        let tail = filter.finish()
        if !tail.isEmpty { onToken?(tail) }

        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.uppercased().hasPrefix(PromptBuilder.notCoveredMarker) {
            return notCovered(
                "the model found no answer in the passages",
                answer: "The library does not cover this question: its closest passages do not answer it. "
                    + "They are listed below.", raw: raw, support: nil, firstToken: firstToken)
        }
        let allowedTimes = Set(
            hits.flatMap { [$0.startSeconds, $0.endSeconds].compactMap { $0 }.map(TimeFormat.clock) })
        var outcome = CitationValidator.validate(trimmed, passageCount: hits.count, allowedTimes: allowedTimes)
        if outcome.cited.isEmpty {
            // A small model may answer from the passages without writing markers: cite, sentence by sentence,
            // the passage whose words it uses, or nothing.
            let attributed = SupportCheck.attribute(
                outcome.text, passages: hits.map(\.text), threshold: policy.minimumSupport)
            let again = CitationValidator.validate(attributed, passageCount: hits.count, allowedTimes: allowedTimes)
            outcome.text = again.text
            outcome.cited = again.cited
        }
        let citedTexts = outcome.cited.map { hits[$0 - 1].text }
        let support = SupportCheck.support(of: outcome.text, in: citedTexts)
        if outcome.cited.isEmpty || support < policy.minimumSupport {
            let reason =
                outcome.cited.isEmpty
                ? "the answer cites no passage"
                : "only \(Int((support * 100).rounded()))% of the answer's words come from the passages it cites"
            var result = notCovered(
                reason,
                answer: "The library's passages do not support an answer to this question (\(reason)), so none is "
                    + "given. The closest passages are listed below.", raw: raw, support: support,
                firstToken: firstToken)
            result.invalidCitations = outcome.invalid
            result.removedTimes = outcome.removedTimes
            return result
        }
        return AskResult(
            question: question, covered: true, answer: outcome.text,
            citations: outcome.cited.map { sources[$0 - 1] }.map {
                var s = $0; s.score = nil; return s
            },
            passages: sources,
            timings: .init(
                retrievalMs: retrievalMs, firstTokenMs: firstToken, totalMs: Date().timeIntervalSince(started) * 1000),
            invalidCitations: outcome.invalid, removedTimes: outcome.removedTimes, support: support,
            bestCosine: retrieval.bestCosine, mode: retrieval.mode, reason: nil, rawAnswer: raw)
    }

    /// Why retrieval alone shows the library does not cover the question, or `nil` when it may.
    func retrievalGap(_ retrieval: RetrievalResult) -> String? {
        guard !retrieval.passages.isEmpty else { return "no passage matches it" }
        if let best = retrieval.bestCosine {
            if best < policy.minimumCosine {
                return "no passage is close enough to it (best similarity \(String(format: "%.2f", best)), "
                    + "threshold \(String(format: "%.2f", policy.minimumCosine)))"
            }
            return nil
        }
        let bestBM25 = retrieval.passages.map(\.hit.score).max() ?? 0
        if retrieval.mode == .bm25, bestBM25 < policy.minimumBM25 {
            return "no passage matches enough of its words (best BM25 \(String(format: "%.1f", bestBM25)), "
                + "threshold \(String(format: "%.1f", policy.minimumBM25)))"
        }
        return nil
    }
}
