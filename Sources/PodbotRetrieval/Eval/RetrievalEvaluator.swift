import Foundation
import PodbotLibrary

/// Scores retrieval modes on an ``EvalSet``: hit@1/3/5/10 and mean reciprocal rank (within the top 10).
public struct RetrievalEvaluator: Sendable {
    /// Figures of one mode.
    public struct ModeScores: Sendable, Encodable, Equatable {
        public var mode: RetrievalMode
        public var hitAt1: Double
        public var hitAt3: Double
        public var hitAt5: Double
        public var hitAt10: Double
        public var mrr: Double
        /// Mean retrieval time per question, milliseconds.
        public var meanMs: Double

        enum CodingKeys: String, CodingKey {
            case mode, mrr
            case hitAt1 = "hit@1"
            case hitAt3 = "hit@3"
            case hitAt5 = "hit@5"
            case hitAt10 = "hit@10"
            case meanMs = "mean_ms"
        }
    }

    /// Where one question's first relevant passage ranked, per mode (in the order of `modes`).
    public struct QuestionRanks: Sendable, Encodable, Equatable {
        public var line: Int
        public var question: String
        public var ranks: [Int]
    }

    /// The whole evaluation.
    public struct Report: Sendable, Encodable {
        /// Questions scored.
        public var questions: Int
        /// Lines whose evidence no passage of the library holds (not scored), e.g. `"dev.jsonl:12"`.
        public var unmatched: [String]
        public var modes: [ModeScores]
        public var passages: Int
        public var meanPassageWords: Double
        /// Per scored question, the 1-based rank of the first relevant passage in each mode (0 = not in the top 10).
        public var ranks: [QuestionRanks]

        enum CodingKeys: String, CodingKey {
            case questions, unmatched, modes, passages, ranks
            case meanPassageWords = "mean_passage_words"
        }
    }

    public let retriever: Retriever

    public init(retriever: Retriever) { self.retriever = retriever }

    /// Runs every question through every mode in `modes`.
    /// - Throws: ``EvalError`` when an evidence names an episode or file the library does not hold.
    public func run(_ set: EvalSet, modes: [RetrievalMode] = RetrievalMode.allCases, source: String = "eval")
        async throws -> Report
    {
        let library = retriever.library
        let episodes = try library.episodeSources()
        var relevantByQuestion: [(EvalSet.Question, Set<Int64>)] = []
        var unmatched: [String] = []
        for question in set.questions {
            var relevant = Set<Int64>()
            for evidence in question.evidence {
                let episodeIDs = try resolve(
                    evidence, episodes: episodes, library: library, line: question.line, source: source)
                let phrase = PhraseMatch.normalize(evidence.phrase)
                for id in episodeIDs {
                    for passage in try library.passageTexts(episode: id)
                    where PhraseMatch.matches(PhraseMatch.normalize(passage.text), phrase: phrase) {
                        relevant.insert(passage.id)
                    }
                }
            }
            if relevant.isEmpty {
                unmatched.append("\(source):\(question.line)")
            } else {
                relevantByQuestion.append((question, relevant))
            }
        }
        var ranks = relevantByQuestion.map { QuestionRanks(line: $0.0.line, question: $0.0.question, ranks: []) }
        var scores: [ModeScores] = []
        for mode in modes {
            var hits = [0, 0, 0, 0]
            var reciprocal = 0.0
            var milliseconds = 0.0
            for (index, (question, relevant)) in relevantByQuestion.enumerated() {
                let result = try await retriever.retrieve(question.question, mode: mode, k: 10)
                milliseconds += result.milliseconds
                let rank = (result.passages.firstIndex { relevant.contains($0.hit.passageID) }).map { $0 + 1 } ?? 0
                ranks[index].ranks.append(rank)
                if rank > 0 {
                    reciprocal += 1 / Double(rank)
                    for (slot, cutoff) in [1, 3, 5, 10].enumerated() where rank <= cutoff { hits[slot] += 1 }
                }
            }
            let n = Double(max(1, relevantByQuestion.count))
            scores.append(
                ModeScores(
                    mode: mode, hitAt1: Double(hits[0]) / n, hitAt3: Double(hits[1]) / n,
                    hitAt5: Double(hits[2]) / n, hitAt10: Double(hits[3]) / n, mrr: reciprocal / n,
                    meanMs: milliseconds / n))
        }
        let passages = episodes.reduce(0) { $0 + $1.passages }
        let words = episodes.reduce(0) { $0 + $1.words }
        return Report(
            questions: relevantByQuestion.count, unmatched: unmatched, modes: scores, passages: passages,
            meanPassageWords: passages > 0 ? Double(words) / Double(passages) : 0, ranks: ranks)
    }

    private func resolve(
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
            let id: Int64
            do { id = try library.resolveEpisode(episode) } catch {
                throw EvalError("\(source):\(line): \(error)")
            }
            ids = ids.isEmpty ? [id] : ids.filter { $0 == id }
        }
        return ids
    }
}
