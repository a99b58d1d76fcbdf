import Foundation
import PodbotLibrary

/// Scores whole answers on an ``EvalSet`` with a real chat model: how many answerable questions get an answer
/// whose citations hold the evidence, how many uncovered questions are refused, and whether any shown answer
/// puts a marker inside a word.
public struct AnswerEvaluator: Sendable {
    /// One question's outcome.
    public struct Row: Sendable, Encodable {
        public var line: Int
        public var kind: EvalSet.Kind
        public var question: String
        public var covered: Bool
        /// A cited passage holds the question's evidence.
        public var citesEvidence: Bool
        /// A cited or quoted passage holds the question's evidence.
        public var quotesEvidence: Bool
        /// A quote shown beneath the answer holds an evidence phrase: the listener sees the words themselves.
        public var quoteShowsEvidence: Bool
        /// Refused, and a closest moment quoted beneath the refusal holds an evidence phrase.
        public var refusalShowsEvidence: Bool
        /// Cosine between the question and the shown answer.
        public var answerRelevance: Float?
        /// Conversations whose evidence the citations and quotes hold (multi questions).
        public var citedConversations: Int
        /// Some passage given to the model held the evidence.
        public var retrievedEvidence: Bool
        /// Numbers of the passages given to the model that hold the evidence.
        public var evidencePassages: [Int]
        public var answer: String
        /// What the model wrote, before the checks.
        public var rawAnswer: String?
        /// Sentences of the model's answer that were not shown, each with the reason.
        public var droppedSentences: [AnswerChecker.Dropped]
        /// The passage windows quoted beneath the answer.
        public var quotes: [AskResult.Quote]
        public var reason: String?
        public var firstTokenMs: Double?
        public var totalMs: Double
        /// The passages given to the model, best first.
        public var passageIDs: [Int64]
        /// ``PromptBuilder/digest(_:)`` of the prompt; `nil` when nothing was generated.
        public var promptDigest: String?

        enum CodingKeys: String, CodingKey {
            case line, kind, question, covered, answer, reason, quotes
            case citesEvidence = "cites_evidence"
            case quotesEvidence = "quotes_evidence"
            case quoteShowsEvidence = "quote_shows_evidence"
            case refusalShowsEvidence = "refusal_shows_evidence"
            case answerRelevance = "answer_relevance"
            case citedConversations = "cited_conversations"
            case retrievedEvidence = "retrieved_evidence"
            case evidencePassages = "evidence_passages"
            case rawAnswer = "raw_answer"
            case droppedSentences = "dropped_sentences"
            case firstTokenMs = "first_token_ms"
            case totalMs = "total_ms"
            case passageIDs = "passage_ids"
            case promptDigest = "prompt_digest"
        }
    }

    /// The figures.
    public struct Report: Sendable, Encodable {
        public var answerable: Int
        public var uncovered: Int
        /// Answerable questions answered (`covered: true`), as a share.
        public var answerRate: Double
        /// Answerable questions answered with a citation whose passage holds the evidence, as a share.
        public var answeredWithEvidence: Double
        /// Answerable questions answered with a citation or a quote whose passage holds the evidence, as a share.
        public var answeredWithQuotedEvidence: Double
        /// Answerable questions answered with a quote whose words hold an evidence phrase, as a share.
        public var answeredShowingEvidence: Double
        /// Answerable questions refused with a closest moment whose words hold an evidence phrase, as a share.
        public var refusedShowingEvidence: Double
        /// Uncovered questions refused, as a share.
        public var refusalRate: Double
        /// Multi questions answered with citations from two or more of their conversations, as a share.
        public var multiCited: Double?
        /// Shown answers with a `[n]` marker inside a word.
        public var markersInsideWords: Int
        public var meanFirstTokenMs: Double?
        public var meanTotalMs: Double
        public var unmatched: [String]
        public var rows: [Row]

        enum CodingKeys: String, CodingKey {
            case answerable, uncovered, unmatched, rows
            case answerRate = "answer_rate"
            case answeredWithEvidence = "answered_with_evidence"
            case answeredWithQuotedEvidence = "answered_with_quoted_evidence"
            case answeredShowingEvidence = "answered_showing_evidence"
            case refusedShowingEvidence = "refused_showing_evidence"
            case refusalRate = "refusal_rate"
            case multiCited = "multi_cited"
            case markersInsideWords = "markers_inside_words"
            case meanFirstTokenMs = "mean_first_token_ms"
            case meanTotalMs = "mean_total_ms"
        }
    }

    public let pipeline: AskPipeline
    public var k: Int
    public var mode: RetrievalMode
    public var spread: Retriever.Diversity?
    /// A system prompt to measure instead of the shipped one.
    public var instructions: String?
    /// A repeat penalty to measure instead of the shipped one.
    public var repeatPenalty: Double?

    public init(
        pipeline: AskPipeline, k: Int = AskPipeline.Request.defaultK, mode: RetrievalMode = .hybrid,
        spread: Retriever.Diversity? = .default
    ) {
        self.pipeline = pipeline
        self.k = k
        self.mode = mode
        self.spread = spread
    }

    /// Asks every question of `set` (or of `kinds`); `progress(done, total, row)` after each.
    public func run(
        _ set: EvalSet, kinds: Set<EvalSet.Kind> = Set(EvalSet.Kind.allCases), source: String = "eval",
        progress: @Sendable (Int, Int, Row) -> Void = { _, _, _ in }
    ) async throws -> Report {
        let (judged, unmatched) = try RetrievalEvaluator.judge(set, library: pipeline.retriever.library, source: source)
        let chosen = judged.filter { kinds.contains($0.question.kind) }
        var rows: [Row] = []
        for item in chosen {
            try Task.checkCancellation()
            var request = AskPipeline.Request(question: item.question.question, k: k, mode: mode)
            request.spread = spread
            request.instructions = instructions
            if let repeatPenalty { request.options.repeatPenalty = repeatPenalty }
            let result = try await pipeline.ask(request)
            let cited = result.citations.map(\.passageID)
            let quoted = cited + result.quotes.map { result.passages[$0.n - 1].passageID }
            let phrases = item.question.evidence.map { PhraseMatch.normalize($0.phrase) }
            let shown = result.quotes.contains { quote in
                let text = PhraseMatch.normalize(quote.text)
                return phrases.contains { PhraseMatch.matches(text, phrase: $0) }
            }
            let row = Row(
                line: item.question.line, kind: item.question.kind, question: item.question.question,
                covered: result.covered, citesEvidence: result.covered && cited.contains { item.relevant[$0] != nil },
                quotesEvidence: result.covered && quoted.contains { item.relevant[$0] != nil },
                quoteShowsEvidence: result.covered && item.question.kind != .uncovered && shown,
                refusalShowsEvidence: !result.covered && item.question.kind != .uncovered && shown,
                answerRelevance: result.answerRelevance,
                citedConversations: result.covered ? item.conversations(in: quoted).count : 0,
                retrievedEvidence: result.passages.contains { item.relevant[$0.passageID] != nil },
                evidencePassages: result.passages.filter { item.relevant[$0.passageID] != nil }.map(\.n),
                answer: result.answer, rawAnswer: result.rawAnswer, droppedSentences: result.droppedSentences,
                quotes: result.quotes,
                reason: result.reason,
                firstTokenMs: result.timings.firstTokenMs,
                totalMs: result.timings.totalMs, passageIDs: result.passages.map(\.passageID),
                promptDigest: result.promptDigest)
            rows.append(row)
            progress(rows.count, chosen.count, row)
        }
        let answerable = rows.filter { $0.kind != .uncovered }
        let uncovered = rows.filter { $0.kind == .uncovered }
        let multi = rows.filter { $0.kind == .multi }
        let share = { (part: Int, whole: Int) in whole > 0 ? Double(part) / Double(whole) : 0 }
        let firstTokens = rows.compactMap(\.firstTokenMs)
        return Report(
            answerable: answerable.count, uncovered: uncovered.count,
            answerRate: share(answerable.filter(\.covered).count, answerable.count),
            answeredWithEvidence: share(answerable.filter(\.citesEvidence).count, answerable.count),
            answeredWithQuotedEvidence: share(answerable.filter(\.quotesEvidence).count, answerable.count),
            answeredShowingEvidence: share(answerable.filter(\.quoteShowsEvidence).count, answerable.count),
            refusedShowingEvidence: share(answerable.filter(\.refusalShowsEvidence).count, answerable.count),
            refusalRate: share(uncovered.filter { !$0.covered }.count, uncovered.count),
            multiCited: multi.isEmpty ? nil : share(multi.filter { $0.citedConversations >= 2 }.count, multi.count),
            markersInsideWords: rows.filter { $0.covered && Self.hasMarkerInsideWord($0.answer) }.count,
            meanFirstTokenMs: firstTokens.isEmpty ? nil : firstTokens.reduce(0, +) / Double(firstTokens.count),
            meanTotalMs: rows.isEmpty ? 0 : rows.map(\.totalMs).reduce(0, +) / Double(rows.count),
            unmatched: unmatched, rows: rows)
    }

    /// True when a `[n]` marker touches a letter or digit on its left, or a word (".ai") on its right.
    public static func hasMarkerInsideWord(_ text: String) -> Bool {
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            guard characters[i] == "[", let close = characters[i...].firstIndex(of: "]"), close - i <= 5,
                close > i + 1, characters[(i + 1)..<close].allSatisfy(\.isNumber)
            else {
                i += 1
                continue
            }
            if i > 0, characters[i - 1].isLetter || characters[i - 1].isNumber { return true }
            let after = close + 1
            if after < characters.count {
                if characters[after].isLetter || characters[after].isNumber { return true }
                if ".-".contains(characters[after]), after + 1 < characters.count,
                    characters[after + 1].isLetter
                {
                    return true
                }
            }
            i = close + 1
        }
        return false
    }
}
