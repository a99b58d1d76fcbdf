import PodbotLibrary

/// The outcome of ``AskPipeline/ask(_:)``, printed by `podbot ask --json`.
///
/// Contract: `{"question", "covered", "answer", "citations": [{"n", "episode_id", "title", "speaker",
/// "start_seconds", "end_seconds", "text", "url"}], "passages": [same fields + "score"], "timings":
/// {"retrieval_ms", "first_token_ms", "total_ms"}}`, plus `invalid_citations`, `removed_times`, `support`,
/// `best_cosine`, `mode`, `reason`, `dropped_sentences` and `answer_relevance` for diagnosis, and `quotes`
/// (`[{"n", "speaker", "start_seconds", "text", "url"}]`) to show beneath the answer.
public struct AskResult: Sendable, Encodable {
    /// A passage as shown to the model and the user, numbered from 1.
    public struct Source: Sendable, Encodable, Equatable {
        public var n: Int
        public var passageID: Int64
        public var episodeID: Int64
        public var title: String
        public var show: String?
        public var speaker: String?
        public var startSeconds: Double?
        public var endSeconds: Double?
        public var text: String
        public var url: String?
        /// Retrieval score (RRF for hybrid); only in `passages`.
        public var score: Double?

        enum CodingKeys: String, CodingKey {
            case n, title, show, speaker, text, url, score
            case passageID = "passage_id"
            case episodeID = "episode_id"
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(n, forKey: .n)
            try container.encode(episodeID, forKey: .episodeID)
            try container.encode(title, forKey: .title)
            try container.encode(speaker, forKey: .speaker)
            try container.encode(startSeconds, forKey: .startSeconds)
            try container.encode(endSeconds, forKey: .endSeconds)
            try container.encode(text, forKey: .text)
            try container.encode(url, forKey: .url)
            try container.encode(passageID, forKey: .passageID)
            try container.encode(show, forKey: .show)
            if let score { try container.encode(score, forKey: .score) }
        }
    }

    /// Milliseconds from the question to each stage.
    public struct Timings: Sendable, Encodable, Equatable {
        public var retrievalMs: Double
        /// From the question to the first streamed token; `nil` when nothing was generated.
        public var firstTokenMs: Double?
        public var totalMs: Double

        enum CodingKeys: String, CodingKey {
            case retrievalMs = "retrieval_ms"
            case firstTokenMs = "first_token_ms"
            case totalMs = "total_ms"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(retrievalMs, forKey: .retrievalMs)
            try container.encode(firstTokenMs, forKey: .firstTokenMs)
            try container.encode(totalMs, forKey: .totalMs)
        }
    }

    /// A passage's words that bear on the question, shown beneath the answer so a reader sees what was said.
    public struct Quote: Sendable, Encodable, Equatable {
        /// The passage's number in `passages`.
        public var n: Int
        public var speaker: String?
        public var startSeconds: Double?
        /// The passage's window closest to the question, "…" where it cuts the passage.
        public var text: String
        public var url: String?

        enum CodingKeys: String, CodingKey {
            case n, speaker, text, url
            case startSeconds = "start_seconds"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(n, forKey: .n)
            try container.encode(speaker, forKey: .speaker)
            try container.encode(startSeconds, forKey: .startSeconds)
            try container.encode(text, forKey: .text)
            try container.encode(url, forKey: .url)
        }
    }

    public var question: String
    /// True only when relevant passages were found and the answer is supported by the passages it cites.
    public var covered: Bool
    /// The validated answer with `[n]` markers, or a plain sentence saying the library does not cover it.
    public var answer: String
    /// The passages the answer cites, in order of first citation.
    public var citations: [Source]
    /// Every passage given to the model (or, when not covered, the closest passages), best first.
    public var passages: [Source]
    public var timings: Timings
    /// Marker numbers the model wrote that named no passage (removed from the answer).
    public var invalidCitations: [Int]
    /// Times the model wrote that are not times of the passages (removed from the answer).
    public var removedTimes: [String]
    /// Share of the answer's content words found in the cited passages; `nil` when nothing was generated.
    public var support: Double?
    /// Best question–passage cosine among the candidates; `nil` without vectors.
    public var bestCosine: Float?
    /// Retrieval mode used.
    public var mode: RetrievalMode
    /// Why the answer is not covered; `nil` when covered.
    public var reason: String?
    /// The answer as the model wrote it, before validation; `nil` when nothing was generated.
    public var rawAnswer: String?
    /// Sentences of the model's answer that were not shown, each with the reason.
    public var droppedSentences: [AnswerChecker.Dropped] = []
    /// Quotes from the cited passages, and from close passages of other episodes, beneath a covered answer.
    public var quotes: [Quote] = []
    /// Cosine between the question and the shown answer; `nil` without vectors or answer.
    public var answerRelevance: Float?

    enum CodingKeys: String, CodingKey {
        case question, covered, answer, citations, passages, timings, support, mode, reason
        case invalidCitations = "invalid_citations"
        case removedTimes = "removed_times"
        case bestCosine = "best_cosine"
        case rawAnswer = "raw_answer"
        case droppedSentences = "dropped_sentences"
        case quotes
        case answerRelevance = "answer_relevance"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(question, forKey: .question)
        try container.encode(covered, forKey: .covered)
        try container.encode(answer, forKey: .answer)
        try container.encode(citations, forKey: .citations)
        try container.encode(passages, forKey: .passages)
        try container.encode(timings, forKey: .timings)
        try container.encode(invalidCitations, forKey: .invalidCitations)
        try container.encode(removedTimes, forKey: .removedTimes)
        try container.encode(support, forKey: .support)
        try container.encode(bestCosine, forKey: .bestCosine)
        try container.encode(mode, forKey: .mode)
        try container.encode(reason, forKey: .reason)
        try container.encode(rawAnswer, forKey: .rawAnswer)
        try container.encode(droppedSentences, forKey: .droppedSentences)
        try container.encode(quotes, forKey: .quotes)
        try container.encode(answerRelevance, forKey: .answerRelevance)
    }
}

extension AskResult.Source {
    init(_ hit: SearchHit, n: Int, score: Double?) {
        self.init(
            n: n, passageID: hit.passageID, episodeID: hit.episodeID, title: hit.title, show: hit.show,
            speaker: hit.speaker, startSeconds: hit.startSeconds, endSeconds: hit.endSeconds, text: hit.text,
            url: hit.url, score: score)
    }
}
