import PodbotLibrary

/// The outcome of ``AskPipeline/ask(_:)``, printed by `podbot ask --json`.
///
/// Contract: `{"question", "covered", "answer", "citations": [{"n", "episode_id", "title", "speaker",
/// "start_seconds", "end_seconds", "text", "url"}], "passages": [same fields + "score"], "timings":
/// {"retrieval_ms", "first_token_ms", "total_ms"}}`, plus `invalid_citations`, `removed_times`, `support`,
/// `best_cosine`, `mode`, `reason`, `dropped_sentences` and `answer_relevance` for diagnosis, and `quotes`
/// (`[{"n", "speaker", "start_seconds", "text", "url"}]`) to show beneath the answer or the refusal.
public struct AskResult: Sendable, Encodable {
    /// A passage as shown to the model and the user, numbered from 1.
    public struct Source: Sendable, Encodable, Equatable {
        public var n: Int
        public var passageID: Int64
        public var episodeID: Int64
        public var title: String
        @Nullable public var show: String? = nil
        @Nullable public var speaker: String? = nil
        @Nullable public var startSeconds: Double? = nil
        @Nullable public var endSeconds: Double? = nil
        public var text: String
        @Nullable public var url: String? = nil
        /// Retrieval score (RRF for hybrid); only in `passages`.
        public var score: Double?

        enum CodingKeys: String, CodingKey {
            case n, title, show, speaker, text, url, score
            case passageID = "passage_id"
            case episodeID = "episode_id"
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
        }
    }

    /// Milliseconds from the question to each stage.
    public struct Timings: Sendable, Encodable, Equatable {
        public var retrievalMs: Double
        /// From the question to the first streamed token; `nil` when nothing was generated.
        @Nullable public var firstTokenMs: Double? = nil
        public var totalMs: Double

        enum CodingKeys: String, CodingKey {
            case retrievalMs = "retrieval_ms"
            case firstTokenMs = "first_token_ms"
            case totalMs = "total_ms"
        }
    }

    /// A passage's words that bear on the question, shown beneath the answer so a reader sees what was said.
    public struct Quote: Sendable, Encodable, Equatable {
        /// The passage's number in `passages`.
        public var n: Int
        /// The speakers of the quoted words' segments, else the passage's.
        @Nullable public var speaker: String? = nil
        /// The start of the first quoted word's segment, else the passage's.
        @Nullable public var startSeconds: Double? = nil
        /// The passage's window closest to the question, "…" where it cuts the passage.
        public var text: String
        /// A link to that start when the source supports one, else the passage's link.
        @Nullable public var url: String? = nil

        enum CodingKeys: String, CodingKey {
            case n, speaker, text, url
            case startSeconds = "start_seconds"
        }
    }

    public var question: String
    /// True only when relevant passages were found and the answer is supported by the passages it cites.
    public var covered: Bool
    /// The validated answer with `[n]` markers, or a plain sentence saying why none is given.
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
    @Nullable public var support: Double? = nil
    /// Best question–passage cosine among the candidates; `nil` without vectors.
    @Nullable public var bestCosine: Float? = nil
    /// Retrieval mode used.
    public var mode: RetrievalMode
    /// Why the answer is not covered; `nil` when covered.
    @Nullable public var reason: String? = nil
    /// The answer as the model wrote it, before validation; `nil` when nothing was generated.
    @Nullable public var rawAnswer: String? = nil
    /// Sentences of the model's answer that were not shown, each with the reason.
    public var droppedSentences: [AnswerChecker.Dropped] = []
    /// Beneath a covered answer, quotes from the cited passages and from close passages of other episodes; beneath a
    /// refusal the model or the checks made, each closest passage's words closest to the question, to show in place
    /// of its opening.
    public var quotes: [Quote] = []
    /// Cosine between the question and the shown answer; `nil` without vectors or answer.
    @Nullable public var answerRelevance: Float? = nil
    /// ``PromptBuilder/digest(_:)`` of the prompt the model was given; `nil` when none was. Not printed.
    public var promptDigest: String?

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
}

extension AskResult {
    /// Beneath a covered answer, the passages quoted that it does not cite, in quote order; none beneath a refusal,
    /// whose quotes are its closest passages' words.
    public var quotedOnly: [Source] {
        guard covered else { return [] }
        return quotes.map(\.n).filter { n in !citations.contains { $0.n == n } }.map { passages[$0 - 1] }
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
