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
        /// How passages spread across episodes when the question names none (``Retriever/Diversity``).
        public var spread: Retriever.Diversity? = .default

        /// Passages given to the model unless the caller says otherwise.
        public static let defaultK = 6
        /// The passages a caller may ask for.
        public static let kRange = 1...20
        /// Most answer tokens unless the caller says otherwise.
        public static let defaultMaxTokens = 256

        public init(
            question: String, filter: PassageFilter = PassageFilter(), k: Int = defaultK,
            mode: RetrievalMode = .hybrid,
            options: GenerationOptions = AskPipeline.answerOptions(maxTokens: defaultMaxTokens)
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
        let retrieval = try await retriever.retrieve(
            question, mode: request.mode, filter: request.filter, k: request.k, spread: request.spread)
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

        // Sentences are shown as they complete and pass the check, so an unsupported one never reaches the user.
        var raw = ""
        var shownSentences = 0
        var firstToken: Double?
        func showCompleted(final: Bool) {
            let pieces = SentenceSplitter.split(raw)
            let complete = final ? pieces.count : max(0, pieces.count - 1)
            guard complete > shownSentences else { return }
            let checked = AnswerChecker.check(
                pieces[shownSentences..<complete].map { AnswerChecker.source(of: $0) }.joined(separator: " "),
                question: question, passages: hits, minimumSupport: policy.minimumSupport)
            shownSentences = complete
            if !checked.text.isEmpty { onToken?(checked.text + " ") }
        }
        for try await event in generator.chat(
            PromptBuilder.messages(question: question, passages: hits), options: request.options)
        {
            guard case .token(let piece) = event else { continue }
            if firstToken == nil { firstToken = Date().timeIntervalSince(started) * 1000 }
            raw += piece
            if onToken != nil { showCompleted(final: false) }
        }

        let checked = AnswerChecker.check(
            raw, question: question, passages: hits, minimumSupport: policy.minimumSupport)
        func refused(_ reason: String, answer: String) -> AskResult {
            var result = notCovered(
                reason, answer: answer, raw: raw, support: checked.support, firstToken: firstToken)
            result.invalidCitations = checked.invalid
            result.removedTimes = checked.removedTimes
            result.droppedSentences = checked.dropped
            return result
        }
        if raw.uppercased().contains(PromptBuilder.notCoveredMarker) {
            return refused(
                "the model found no answer in the passages",
                answer: "The library does not cover this question: its closest passages do not answer it. "
                    + "They are listed below.")
        }
        if checked.sentences.isEmpty {
            let reason =
                checked.dropped.first.map { "no sentence of the answer is supported (\($0.reason))" }
                ?? "the model wrote no answer"
            return refused(
                reason,
                answer: "The library's passages do not support an answer to this question (\(reason)), so none is "
                    + "given. The closest passages are listed below.")
        }
        if onToken != nil { showCompleted(final: true) }
        var result = AskResult(
            question: question, covered: true, answer: checked.text,
            citations: checked.cited.map { sources[$0 - 1] }.map {
                var s = $0
                s.score = nil
                return s
            },
            passages: sources,
            timings: .init(
                retrievalMs: retrievalMs, firstTokenMs: firstToken, totalMs: Date().timeIntervalSince(started) * 1000),
            invalidCitations: checked.invalid, removedTimes: checked.removedTimes, support: checked.support,
            bestCosine: retrieval.bestCosine, mode: retrieval.mode, reason: nil, rawAnswer: raw)
        result.droppedSentences = checked.dropped
        return result
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
