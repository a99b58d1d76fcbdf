import Foundation
import PodbotLibrary

/// Scores retrieval modes on an ``EvalSet``: hit@1/3/5/10 and mean reciprocal rank (within the top 10) on the
/// single-passage questions, and multi-episode coverage on the multi questions: the share whose top 10 holds
/// evidence from two or more of their conversations.
public struct RetrievalEvaluator: Sendable {
    /// Figures of one mode.
    public struct ModeScores: Sendable, Encodable, Equatable {
        public var mode: RetrievalMode
        public var hitAt1: Double
        public var hitAt3: Double
        public var hitAt5: Double
        public var hitAt10: Double
        public var mrr: Double
        /// Share of multi questions whose top 10 holds evidence from two or more of their conversations;
        /// `nil` when the set has none.
        public var multiCoverage: Double?
        /// Mean retrieval time per question, milliseconds.
        public var meanMs: Double

        enum CodingKeys: String, CodingKey {
            case mode, mrr
            case hitAt1 = "hit@1"
            case hitAt3 = "hit@3"
            case hitAt5 = "hit@5"
            case hitAt10 = "hit@10"
            case multiCoverage = "multi_coverage"
            case meanMs = "mean_ms"
        }
    }

    /// Where one question's first relevant passage ranked, per mode (in the order of `modes`); for a multi
    /// question, how many of its conversations the top 10 reached.
    public struct QuestionRanks: Sendable, Encodable, Equatable {
        public var line: Int
        public var kind: EvalSet.Kind
        public var question: String
        public var ranks: [Int]
        /// Multi questions: conversations with evidence in the top 10, per mode.
        public var conversations: [Int]?
    }

    /// The whole evaluation.
    public struct Report: Sendable, Encodable {
        /// Single-passage questions scored.
        public var questions: Int
        /// Multi-episode questions scored.
        public var multiQuestions: Int
        /// Lines whose evidence no passage of the library holds (not scored), e.g. `"dev.jsonl:12"`.
        public var unmatched: [String]
        public var modes: [ModeScores]
        public var passages: Int
        public var meanPassageWords: Double
        /// Per scored question, the 1-based rank of the first relevant passage in each mode (0 = not in the top 10).
        public var ranks: [QuestionRanks]

        enum CodingKeys: String, CodingKey {
            case questions, unmatched, modes, passages, ranks
            case multiQuestions = "multi_questions"
            case meanPassageWords = "mean_passage_words"
        }
    }

    /// A question with the passages that hold its evidence, each with the conversation it belongs to.
    public struct Judged: Sendable {
        public var question: EvalSet.Question
        /// Relevant passage id → conversation key (the evidence's `conversation`, else its episode id).
        public var relevant: [Int64: String]

        /// Distinct conversations among `passageIDs` that hold evidence.
        public func conversations(in passageIDs: [Int64]) -> Set<String> {
            Set(passageIDs.compactMap { relevant[$0] })
        }
    }

    public let retriever: Retriever
    /// The spreading asks use, so the figures are those of the passages an answer is written from.
    public var spread: Retriever.Diversity?
    /// Reorders each mode's first passages before they are scored; `nil` scores retrieval as it ranks.
    public var reranker: QueryLikelihoodReranker?

    public init(retriever: Retriever, spread: Retriever.Diversity? = .default) {
        self.retriever = retriever
        self.spread = spread
    }

    /// Runs every single and multi question through every mode in `modes` (uncovered questions have no evidence
    /// to rank; the answer evaluation scores them).
    /// - Throws: ``EvalError`` when an evidence names an episode or file the library does not hold.
    public func run(_ set: EvalSet, modes: [RetrievalMode] = RetrievalMode.allCases, source: String = "eval")
        async throws -> Report
    {
        let (judged, unmatched) = try Self.judge(set, library: retriever.library, source: source)
        let scored = judged.filter { $0.question.kind != .uncovered }
        var ranks = scored.map {
            QuestionRanks(
                line: $0.question.line, kind: $0.question.kind, question: $0.question.question, ranks: [],
                conversations: $0.question.kind == .multi ? [] : nil)
        }
        let singles = scored.filter { $0.question.kind == .single }.count
        let multis = scored.count - singles
        var scores: [ModeScores] = []
        for mode in modes {
            var hits = [0, 0, 0, 0]
            var reciprocal = 0.0
            var milliseconds = 0.0
            var covered = 0
            for (index, item) in scored.enumerated() {
                let started = ContinuousClock.now
                var passages = try await retriever.retrieve(
                    item.question.question, mode: mode, k: max(10, reranker?.depth ?? 0), spread: spread
                ).passages
                if let reranker { passages = try await reranker.rerank(item.question.question, passages: passages) }
                milliseconds += (ContinuousClock.now - started) / .milliseconds(1)
                let ids = passages.prefix(10).map(\.hit.passageID)
                let rank = (ids.firstIndex { item.relevant[$0] != nil }).map { $0 + 1 } ?? 0
                ranks[index].ranks.append(rank)
                if item.question.kind == .multi {
                    let reached = item.conversations(in: ids).count
                    ranks[index].conversations?.append(reached)
                    if reached >= 2 { covered += 1 }
                    continue
                }
                if rank > 0 {
                    reciprocal += 1 / Double(rank)
                    for (slot, cutoff) in [1, 3, 5, 10].enumerated() where rank <= cutoff { hits[slot] += 1 }
                }
            }
            let n = Double(max(1, singles))
            scores.append(
                ModeScores(
                    mode: mode, hitAt1: Double(hits[0]) / n, hitAt3: Double(hits[1]) / n,
                    hitAt5: Double(hits[2]) / n, hitAt10: Double(hits[3]) / n, mrr: reciprocal / n,
                    multiCoverage: multis > 0 ? Double(covered) / Double(multis) : nil,
                    meanMs: milliseconds / Double(max(1, scored.count))))
        }
        let episodes = try retriever.library.episodeSources()
        let passages = episodes.reduce(0) { $0 + $1.passages }
        let words = episodes.reduce(0) { $0 + $1.words }
        return Report(
            questions: singles, multiQuestions: multis, unmatched: unmatched, modes: scores, passages: passages,
            meanPassageWords: passages > 0 ? Double(words) / Double(passages) : 0, ranks: ranks)
    }

    /// The relevant passages of every question; questions with evidence that no passage holds are returned as
    /// unmatched lines (`source:line`) instead. Uncovered questions are judged with no relevant passage.
    public static func judge(_ set: EvalSet, library: Library, source: String) throws -> (
        judged: [Judged], unmatched: [String]
    ) {
        let episodes = try library.episodeSources()
        var textsByEpisode: [Int64: [PassageText]] = [:]
        var judged: [Judged] = []
        var unmatched: [String] = []
        for question in set.questions {
            var relevant: [Int64: String] = [:]
            for evidence in question.evidence {
                let episodeIDs = try resolve(
                    evidence, episodes: episodes, library: library, line: question.line, source: source)
                let phrase = PhraseMatch.normalize(evidence.phrase)
                for id in episodeIDs {
                    if textsByEpisode[id] == nil { textsByEpisode[id] = try library.passageTexts(episode: id) }
                    for passage in textsByEpisode[id] ?? []
                    where PhraseMatch.matches(PhraseMatch.normalize(passage.text), phrase: phrase) {
                        relevant[passage.id] = evidence.conversation ?? "episode \(id)"
                    }
                }
            }
            if relevant.isEmpty && question.kind != .uncovered {
                unmatched.append("\(source):\(question.line)")
            } else {
                judged.append(Judged(question: question, relevant: relevant))
            }
        }
        return (judged, unmatched)
    }

    private static func resolve(
        _ evidence: EvalSet.Evidence,
        episodes: [(episodeID: Int64, title: String, path: String, passages: Int, words: Int)],
        library: Library, line: Int, source: String
    ) throws -> [Int64] {
        var ids: [Int64] = []
        if let file = evidence.file {
            ids = episodes.filter { URL(fileURLWithPath: $0.path).lastPathComponent == file || $0.path == file }
                .map(\.episodeID)
            if ids.isEmpty { throw EvalError("\(source):\(line): no episode imported from file \"\(file)\"") }
        }
        if let episode = evidence.episode {
            if ids.isEmpty {
                do { ids = [try library.resolveEpisode(episode)] } catch {
                    throw EvalError("\(source):\(line): \(error)")
                }
            } else {
                // Within a file of several episodes, the episode is the one whose title starts with it.
                let prefix = episode.lowercased()
                ids = episodes.filter {
                    ids.contains($0.episodeID)
                        && (Int64(episode) == $0.episodeID || $0.title.lowercased().hasPrefix(prefix))
                }.map(\.episodeID)
                if ids.isEmpty {
                    throw EvalError("\(source):\(line): no episode of \"\(evidence.file ?? "")\" is titled \(episode)")
                }
            }
        }
        return ids
    }
}
