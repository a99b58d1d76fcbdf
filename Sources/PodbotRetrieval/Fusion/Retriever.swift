import Foundation
import PodbotInference
import PodbotLibrary

/// How passages are found: BM25 over the full-text index, cosine over the embeddings, or both fused.
public enum RetrievalMode: String, Sendable, CaseIterable, Codable {
    case bm25
    case vector
    case hybrid
}

/// One retrieved passage with its metadata and how each retriever ranked it.
public struct RetrievedPassage: Sendable {
    /// Episode, title, speakers, times, text and deep link.
    public var hit: SearchHit
    /// The score the ranking used: fused RRF score (hybrid), cosine (vector) or negated BM25 (bm25).
    public var score: Double
    /// Cosine similarity to the question, when the passage has a vector.
    public var cosine: Float?
    /// 1-based rank in the BM25 list, when it was there.
    public var bm25Rank: Int?
    /// 1-based rank in the vector list, when it was there.
    public var vectorRank: Int?
    /// The text of the passage's vector closest to the question: one of its windows, or the whole passage.
    /// `nil` without vectors.
    public var closestWindow: String?
    /// Which of the passage's words (split at white space) ``closestWindow`` is; `nil` without vectors.
    public var closestWindowWords: Range<Int>?
    /// Cosine similarity to the question without the people it names, when it names some: a passage that only
    /// names them (a show's introduction of its guest) is close to the question but not to its topic.
    public var topicCosine: Float?
}

/// What a retrieval returned, and how.
public struct RetrievalResult: Sendable {
    /// Best first.
    public var passages: [RetrievedPassage]
    /// The mode actually used (hybrid falls back to BM25 when the library has no vectors).
    public var mode: RetrievalMode
    /// Highest cosine between the question and the whole text of any candidate passage (all candidates, not only
    /// the top k; windows do not count); `nil` without vectors. The coverage decision reads this.
    public var bestCosine: Float?
    /// Wall time in milliseconds.
    public var milliseconds: Double
    /// The question's embedding; `nil` without vectors.
    public var questionVector: [Float]? = nil
    /// The question as retrieved.
    public var question = ""
    /// Who the library's episodes are with, as the retrieval read them (hybrid only); `nil` when it did not.
    public var mentions: EpisodeMentions? = nil
}

/// Finds the passages that answer a question across the whole library: a global top-k, except that the
/// conversations a question names each bring their best passages first (``namedConversationLeads``).
public struct Retriever: Sendable {
    public let library: Library
    /// The embedding model; `nil` allows BM25 only.
    public let embedder: (any Embedder)?
    /// The loaded vectors; `nil` when the library has no vectors of the embedder's model.
    public let index: VectorIndex?
    /// How many candidates each retriever contributes to the fusion.
    public var candidates: Int = 50
    /// RRF constant. Small, so the first ranks of each list decide (eval/dev-ask.jsonl, BENCHMARKS.md).
    public var fusionK: Double = 10
    /// Weights of the BM25 and vector rankings in the fusion: the vectors find paraphrases, BM25 adds exact names
    /// and rare words (eval/dev-ask.jsonl: hybrid hit@5 0.638 at 1:1, 0.725 at 1:3, with windows and k = 10).
    public var fusionWeights: [Double] = [1, 3]
    /// Hybrid only: when a question names some of the library's episodes by a person or a show ("What did Sarah
    /// Catanzaro…", "the Lex conversation", "Which Gradient Dissent guests…", see ``EpisodeMentions``), the BM25
    /// and vector rankings within those episodes are fused in with these weights; empty turns it off.
    /// eval/dev-ask.jsonl hybrid hit@5 0.725 → 0.754, multi-episode coverage 0.562 → 0.625 (BENCHMARKS.md).
    public var namedEpisodeWeights: [Double] = [1, 1]
    /// Hybrid only: when a question names one of the library's people, the question without those names is
    /// embedded too, and its vector ranking is fused in with this weight (0, the default, turns it off): a name
    /// pulls the question's vector toward every passage that says it, away from what is asked. At 2,
    /// eval/dev-ask.jsonl hybrid hit@5 0.797 → 0.841 and MRR 0.575 → 0.611, but the answers written from those
    /// passages cited the evidence less often (26 → 21 of 85), so asks and searches do not use it yet
    /// (BENCHMARKS.md; `podbot eval --without-names-weight W` measures it).
    public var withoutNamesWeight: Double = 0

    /// Hybrid only: when BM25's best passage scores at least `ratio` times its second, it ranks no lower than
    /// `rank`. The vectors' weight lets a passage only BM25 finds fall out of the top 10 even when it alone holds
    /// the question's rare words ("…put its courses on Coursera or edX?"). eval/dev.jsonl hybrid hit@5 0.769 →
    /// 0.777, dev-csv 0.790 → 0.800, dev-ask and dev-listener unchanged, at any ratio from 1.4 to 1.7
    /// (BENCHMARKS.md); `nil` turns it off.
    public var decisiveLead: (ratio: Double, rank: Int)? = (1.5, 3)

    /// Hybrid only: when a question names people or shows that are never together in one episode ("what did sarah
    /// and cris each say…", "he told it to lex and to hugo"), the best this many passages of each go first, each
    /// conversation ranked within its own episodes by the question without its people (there a name finds only the
    /// introductions). 0 turns it off. Ten dev sets: multi-episode coverage 23 → 26 of 63, single questions
    /// unchanged (BENCHMARKS.md, session 39).
    public var namedConversationLeads = 3
    /// A lead's cosine (MiniLM) to the question without its people must reach this: a conversation that says
    /// nothing close to the question leads nothing ("…what did sarah and cris each say about chatgpt").
    public var namedConversationFloor: Float = 0.4

    /// Hybrid only: BM25 reads the question without the names of the library's people ("did jeremy study
    /// philosophy at uni?" searches "did study philosophy at uni?"). Those names are rare in the passages' text
    /// (speaker labels carry them), so they outweigh the words that say what is asked, and the passages that do say
    /// them are mostly a host introducing or addressing the guest; the named-episode rankings already bring that
    /// person's episodes. A question of names alone keeps them.
    public var bm25WithoutPeople = true

    /// A second embedding model and its vectors: hybrid retrieval fuses its ranking in, with
    /// ``secondFusionWeights``. Everything else a vector decides (the coverage gate, topic cosines, the closest
    /// window, near-duplicates) stays the first model's.
    public struct SecondVectors: Sendable {
        public let embedder: any Embedder
        public let index: VectorIndex

        public init(embedder: any Embedder, index: VectorIndex) {
            self.embedder = embedder
            self.index = index
        }
    }
    public var second: SecondVectors?
    /// Weights of the BM25, first and second vector rankings when a second model ranks. MiniLM with
    /// multilingual-e5-small over nine dev sets: hybrid hit@5 329 → 339 of 420 single questions at 1:2:2, 333 at
    /// 1:3:3 and 1:3:1.5 (BENCHMARKS.md).
    public var secondFusionWeights: [Double] = [1, 2, 2]

    /// Rules that keep a library-wide result from being one episode's passages, or one conversation twice.
    public struct Diversity: Sendable, Equatable {
        /// Most of the top k one episode may hold, as a share of k (at least 2 passages).
        public var episodeShare: Double
        /// A candidate this similar (cosine) to a passage already chosen waits: the same moment in a second
        /// transcript of one conversation adds nothing.
        public var duplicateCosine: Float

        public init(episodeShare: Double, duplicateCosine: Float) {
            self.episodeShare = episodeShare
            self.duplicateCosine = duplicateCosine
        }

        public static let `default` = Diversity(episodeShare: 0.5, duplicateCosine: 0.9)
    }

    /// A retriever over `library`; loads the vectors of `embedder`'s model once.
    public init(library: Library, embedder: (any Embedder)?) throws {
        self.library = library
        self.embedder = embedder
        self.index = try embedder.flatMap {
            try VectorIndex.load(from: library, model: PassageVectors.storageKey(for: $0))
        }
    }

    /// A retriever with an index already loaded, or with none for BM25 alone.
    public init(library: Library, embedder: (any Embedder)?, index: VectorIndex?) {
        self.library = library
        self.embedder = embedder
        self.index = index
    }

    /// True when vector and hybrid retrieval are possible.
    public var hasVectors: Bool { index != nil && embedder != nil }

    /// The `k` best passages for `question` among those `filter` allows.
    /// Hybrid and vector modes fall back to BM25 when the library has no vectors (`result.mode` says so).
    /// With `spread`, a question that names no episode gathers passages from several episodes (asks do this;
    /// a search shows the best matches as they rank).
    public func retrieve(
        _ question: String, mode: RetrievalMode = .hybrid, filter: PassageFilter = PassageFilter(), k: Int = 8,
        spread diversity: Diversity? = nil
    ) async throws -> RetrievalResult {
        let started = Date()
        let question = Self.withQuestionMark(question)
        let limit = max(1, k)
        let effective: RetrievalMode = (mode != .bm25 && !hasVectors) ? .bm25 : mode
        let depth = max(candidates, limit)
        let spread = filter.episodeID == nil ? diversity : nil
        // Without fusion or spreading, a mode needs no more than k candidates.
        let shallow = spread == nil ? limit : depth

        // Who the library's episodes are with and what their shows are called: hybrid questions are read for them.
        let mentions = effective == .hybrid ? try await library.reading { try $0.episodeMentions() } : nil
        // The question without its people's names, as a topic (``RetrievedPassage/topicCosine``) and, when its
        // weight is set, as a ranking of its own (possessives kept: measured better there).
        let topic = mentions?.withoutPeople(question, possessives: true)
        let unnamed = withoutNamesWeight > 0 ? mentions?.withoutPeople(question) : nil
        // The conversations the question names, each ranked on its own by the question's topic: within its own
        // episodes a person's name only finds the introductions.
        let conversations =
            namedConversationLeads > 0 && filter.episodeID == nil
            ? mentions?.namedConversations(in: question) ?? [] : []
        // Both models embed the question at once, each with its share of the cores: on two cores, one thread each
        // at once brought hybrid p50 over the ten dev sets' questions from 48-59 ms to 34-37 ms against two threads
        // each in turn (a question's embedding is too small for a second thread to halve it; BENCHMARKS.md).
        let firstTexts = [question] + [topic, unnamed].compactMap { $0 }
        let secondTexts = [question] + (conversations.isEmpty ? [] : [topic].compactMap { $0 })
        let firstEmbedder = effective != .bm25 && index != nil ? embedder : nil
        let secondEmbedder = effective == .hybrid ? second?.embedder : nil
        let others = firstEmbedder != nil && secondEmbedder != nil ? 1 : 0
        async let firstVectors = firstEmbedder?.embed(queries: firstTexts, alongside: others)
        async let secondVectors = secondEmbedder?.embed(queries: secondTexts, alongside: others)
        var queryVector: [Float]?
        var topicVector: [Float]?
        var unnamedVector: [Float]?
        if let vectors = try await firstVectors {
            queryVector = vectors.first
            if vectors.count == firstTexts.count {
                topicVector = topic.map { _ in vectors[1] }
                unnamedVector = unnamed.map { _ in vectors[firstTexts.count - 1] }
            }
        }
        var secondVector: [Float]?
        var secondTopic: [Float]?
        if let vectors = try await secondVectors {
            secondVector = vectors.first
            secondTopic = vectors.count == 2 ? vectors[1] : nil
        }
        let (second, secondQuery) = (self.second, secondVector)
        let (ownVector, ownSecond) = (topicVector ?? queryVector, secondTopic ?? secondVector)
        let bm25Question =
            bm25WithoutPeople
            ? topic.flatMap { SupportCheck.contentWords($0).isEmpty ? nil : $0 } ?? question : question
        // Everything the question reads of the library, from one snapshot, off the cooperative pool.
        let (index, fusionWeights, fusionK, vector) = (self.index, self.fusionWeights, self.fusionK, queryVector)
        let (withoutNamesWeight, unnamedQuery) = (self.withoutNamesWeight, unnamedVector)
        let read = try await library.reading { snapshot in
            // The passages `filter` allows in each episode, read once per question.
            var byEpisode: [Int64: Set<Int64>] = [:]
            func passages(in episodes: Set<Int64>) throws -> Set<Int64> {
                var ids = Set<Int64>()
                for episode in episodes {
                    if byEpisode[episode] == nil {
                        var narrowed = filter
                        narrowed.episodeID = episode
                        byEpisode[episode] = try snapshot.passageIDs(matching: narrowed)
                    }
                    ids.formUnion(byEpisode[episode] ?? [])
                }
                return ids
            }
            // The passages of the episodes the question names, when it names some but not all.
            var inNamed: Set<Int64>?
            if effective == .hybrid, !namedEpisodeWeights.isEmpty, filter.episodeID == nil, let mentions {
                let named = mentions.named(in: question)
                // A name every episode shares (one show, one host) tells nothing.
                if !named.isEmpty, named.count < mentions.episodeCount { inNamed = try passages(in: named) }
            }
            var vectorMatches: [VectorIndex.Match] = []
            var namedVector: [VectorIndex.Match] = []
            var unnamedMatches: [VectorIndex.Match] = []
            let allowed =
                (vector == nil && secondQuery == nil) || filter.isEmpty
                ? nil : try snapshot.passageIDs(matching: filter)
            if let vector, let index {
                (vectorMatches, namedVector) = index.search(
                    vector, k: effective == .vector ? shallow : depth, allowed: allowed, alsoWithin: inNamed)
                if let unnamedQuery { unnamedMatches = index.search(unnamedQuery, k: depth, allowed: allowed) }
            }
            var secondMatches: [VectorIndex.Match] = []
            if let second, let secondQuery {
                secondMatches = second.index.search(secondQuery, k: depth, allowed: allowed)
            }
            var bm25Hits: [SearchHit] = []
            if effective != .vector {
                bm25Hits = try snapshot.searchBM25(
                    bm25Question, filter: filter, limit: effective == .bm25 ? shallow : depth)
            }
            let ranked: [(id: Int64, score: Double)]
            switch effective {
            case .bm25: ranked = bm25Hits.map { ($0.passageID, $0.score) }
            case .vector: ranked = vectorMatches.map { ($0.passageID, Double($0.score)) }
            case .hybrid:
                var rankings = [bm25Hits.map(\.passageID), vectorMatches.map(\.passageID)]
                var weights = fusionWeights
                if !secondMatches.isEmpty {
                    rankings.append(secondMatches.map(\.passageID))
                    weights = secondFusionWeights
                }
                if let inNamed {
                    rankings += [
                        bm25Hits.map(\.passageID).filter { inNamed.contains($0) }, namedVector.map(\.passageID),
                    ]
                    weights += namedEpisodeWeights
                }
                if !unnamedMatches.isEmpty {
                    rankings.append(unnamedMatches.map(\.passageID))
                    weights.append(withoutNamesWeight)
                }
                let fused = Self.withDecisiveLead(
                    ReciprocalRankFusion.fuse(rankings, weights: weights, k: fusionK), bm25: bm25Hits,
                    rule: decisiveLead)
                var leads: [[Int64]] = []
                for episodes in conversations {
                    let within = try passages(in: episodes)
                    var ownRankings = [bm25Hits.map(\.passageID).filter { within.contains($0) }]
                    if let ownVector, let index {
                        ownRankings.append(index.search(ownVector, k: depth, allowed: within).map(\.passageID))
                    }
                    if let second, let ownSecond {
                        ownRankings.append(second.index.search(ownSecond, k: depth, allowed: within).map(\.passageID))
                    }
                    let own = ReciprocalRankFusion.fuse(
                        ownRankings, weights: Array(weights.prefix(ownRankings.count)), k: fusionK)
                    let floor = namedConversationFloor
                    // Only the first few that reach the floor are needed: no more cosines than that.
                    let close = own.lazy.filter { item in
                        guard floor > 0, let ownVector, let index else { return true }
                        return (index.score(passageID: item.id, query: ownVector) ?? 0) >= floor
                    }
                    leads.append(close.prefix(namedConversationLeads).map(\.id))
                }
                ranked = Self.withLeads(leads, fused)
            }
            let pool = Array(ranked.prefix(spread == nil ? limit : max(limit * 3, 30)))
            let known = Set(bm25Hits.map(\.passageID))
            let fetched = try snapshot.passageHits(ids: pool.map(\.id).filter { !known.contains($0) })
            return SnapshotRead(vectorMatches: vectorMatches, bm25Hits: bm25Hits, pool: pool, fetched: fetched)
        }
        let (vectorMatches, bm25Hits, pool) = (read.vectorMatches, read.bm25Hits, read.pool)

        let cosineByID = Dictionary(vectorMatches.map { ($0.passageID, $0.score) }, uniquingKeysWith: { a, _ in a })
        let bm25RankByID = Dictionary(
            bm25Hits.enumerated().map { ($1.passageID, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let vectorRankByID = Dictionary(
            vectorMatches.enumerated().map { ($1.passageID, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let hitsByID = Dictionary(bm25Hits.map { ($0.passageID, $0) }, uniquingKeysWith: { a, _ in a })
        let fetched = Dictionary(read.fetched.map { ($0.passageID, $0) }, uniquingKeysWith: { a, _ in a })
        let chosen =
            spread.map { rules in
                Self.spread(
                    pool, limit: limit, rules: rules,
                    episode: { (hitsByID[$0] ?? fetched[$0])?.episodeID }, similarity: { index?.similarity($0, $1) })
            } ?? pool

        let passages = chosen.compactMap { item -> RetrievedPassage? in
            guard var hit = hitsByID[item.id] ?? fetched[item.id] else { return nil }
            hit.score = item.score
            let cosine =
                cosineByID[item.id]
                ?? queryVector.flatMap { index?.score(passageID: item.id, query: $0) }
            let row = queryVector.flatMap { index?.bestRow(passageID: item.id, query: $0) }?.row
            return RetrievedPassage(
                hit: hit, score: item.score, cosine: cosine, bm25Rank: bm25RankByID[item.id],
                vectorRank: vectorRankByID[item.id],
                closestWindow: row.flatMap { PassageVectors.shownText(hit.text, row: $0) },
                closestWindowWords: row.flatMap { PassageVectors.wordRange(hit.text, row: $0) },
                topicCosine: topicVector.flatMap { index?.score(passageID: item.id, query: $0) })
        }
        let bestCosine = queryVector.flatMap { query in
            (vectorMatches.map(\.passageID) + passages.map(\.hit.passageID)).compactMap {
                index?.wholePassageScore(passageID: $0, query: query)
            }.max()
        }
        return RetrievalResult(
            passages: passages, mode: effective, bestCosine: bestCosine,
            milliseconds: Date().timeIntervalSince(started) * 1000, questionVector: queryVector, question: question,
            mentions: mentions)
    }

    /// `text` with a question mark when it is a question typed without one ("what was the medical imaging startup
    /// jeremy founded", "after chris offered to tutor him, how long did jeremy spend learning swift"): a question word
    /// opens it or one of its clauses ("in which…" too), and it ends in neither `?`, `.` nor `!`. MiniLM reads the
    /// mark: eval/dev-ask.jsonl's questions without theirs fell from vector hit@5 0.783 to 0.696. Keywords stay as
    /// typed.
    public static func withQuestionMark(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = trimmed.last, !"?.!".contains(last) else { return text }
        var opensClause = true
        var previous = ""
        var word = ""
        for character in trimmed + " " {
            if character.isLetter || character == "'" {
                word.append(character)
                continue
            }
            if !word.isEmpty {
                let lowered = word.lowercased()
                if QuestionWords.openers.contains(lowered),
                    opensClause || (["which", "whom"].contains(lowered) && prepositions.contains(previous))
                {
                    return trimmed + "?"
                }
                previous = lowered
                word = ""
                opensClause = false
            }
            if ",;:.".contains(character) { opensClause = true }
        }
        return text
    }

    /// Words that may stand before "which" or "whom" where a question opens ("in which years…").
    static let prepositions: Set<String> = ["in", "on", "at", "from", "for", "of", "by", "to", "with", "about"]

    /// `ranked` with the passages of `leads` first, in the order `ranked` gives them (those it lacks after); each
    /// takes the score of the first place.
    static func withLeads(_ leads: [[Int64]], _ ranked: [(id: Int64, score: Double)]) -> [(id: Int64, score: Double)] {
        let first = Set(leads.joined())
        guard !first.isEmpty else { return ranked }
        let position = Dictionary(ranked.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let top = ranked.first?.score ?? 0
        let ordered = first.sorted { (position[$0] ?? .max, $0) < (position[$1] ?? .max, $1) }
        return ordered.map { ($0, top) } + ranked.filter { !first.contains($0.id) }
    }

    /// `fused` with BM25's best passage moved up to `rule.rank` when it leads BM25's second by `rule.ratio`.
    static func withDecisiveLead(
        _ fused: [(id: Int64, score: Double)], bm25: [SearchHit], rule: (ratio: Double, rank: Int)?
    ) -> [(id: Int64, score: Double)] {
        guard let rule, rule.rank >= 1, bm25.count >= 2, bm25[1].score > 0, bm25[0].score >= rule.ratio * bm25[1].score,
            let at = fused.firstIndex(where: { $0.id == bm25[0].passageID }), at >= rule.rank
        else { return fused }
        var moved = fused
        let lead = moved.remove(at: at)
        // It takes the score of the place it moves to, so the scores stay in order.
        moved.insert((lead.id, moved[rule.rank - 1].score), at: rule.rank - 1)
        return moved
    }

    /// The first `limit` of `ranked` in order, except that a candidate waits while its episode already holds its
    /// share of the result or it nearly repeats a chosen passage; waiting candidates fill what is left.
    static func spread(
        _ ranked: [(id: Int64, score: Double)], limit: Int, rules: Diversity, episode: (Int64) -> Int64?,
        similarity: (Int64, Int64) -> Float?
    ) -> [(id: Int64, score: Double)] {
        let quota = max(2, Int((Double(limit) * rules.episodeShare).rounded(.up)))
        var chosen: [(id: Int64, score: Double)] = []
        var waiting: [(id: Int64, score: Double)] = []
        var perEpisode: [Int64: Int] = [:]
        for candidate in ranked {
            guard chosen.count < limit else { break }
            let owner = episode(candidate.id)
            let full = owner.map { perEpisode[$0, default: 0] >= quota } ?? false
            let repeats = chosen.contains { (similarity($0.id, candidate.id) ?? 0) >= rules.duplicateCosine }
            if full || repeats {
                waiting.append(candidate)
                continue
            }
            chosen.append(candidate)
            if let owner { perEpisode[owner, default: 0] += 1 }
        }
        return chosen + waiting.prefix(max(0, limit - chosen.count))
    }
}

/// What one question read of the library in its snapshot: the vector and BM25 matches, the fused candidates, and
/// the candidates BM25 did not already bring, fetched.
private struct SnapshotRead: Sendable {
    var vectorMatches: [VectorIndex.Match]
    var bm25Hits: [SearchHit]
    var pool: [(id: Int64, score: Double)]
    var fetched: [SearchHit]
}
