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
}

/// What a retrieval returned, and how.
public struct RetrievalResult: Sendable {
    /// Best first.
    public var passages: [RetrievedPassage]
    /// The mode actually used (hybrid falls back to BM25 when the library has no vectors).
    public var mode: RetrievalMode
    /// Highest cosine between the question and any candidate passage (all candidates, not only the top k);
    /// `nil` without vectors. The coverage decision reads this.
    public var bestCosine: Float?
    /// Wall time in milliseconds.
    public var milliseconds: Double
}

/// Finds the passages that answer a question across the whole library (global top-k, never per episode).
public struct Retriever: Sendable {
    public let library: Library
    /// The embedding model; `nil` allows BM25 only.
    public let embedder: (any Embedder)?
    /// The loaded vectors; `nil` when the library has no vectors of the embedder's model.
    public let index: VectorIndex?
    /// How many candidates each retriever contributes to the fusion.
    public var candidates: Int = 50
    /// RRF constant.
    public var fusionK: Double = ReciprocalRankFusion.defaultK

    /// A retriever over `library`; loads the vectors of `embedder`'s model once.
    public init(library: Library, embedder: (any Embedder)?) throws {
        self.library = library
        self.embedder = embedder
        self.index = try embedder.flatMap { try VectorIndex.load(from: library, model: $0.modelName) }
    }

    /// A retriever with an index already loaded (benchmarks, tests).
    public init(library: Library, embedder: (any Embedder)?, index: VectorIndex?) {
        self.library = library
        self.embedder = embedder
        self.index = index
    }

    /// True when vector and hybrid retrieval are possible.
    public var hasVectors: Bool { index != nil && embedder != nil }

    /// The `k` best passages for `question` among those `filter` allows.
    /// Hybrid and vector modes fall back to BM25 when the library has no vectors (`result.mode` says so).
    public func retrieve(
        _ question: String, mode: RetrievalMode = .hybrid, filter: PassageFilter = PassageFilter(), k: Int = 8
    ) async throws -> RetrievalResult {
        let started = Date()
        let limit = max(1, k)
        let effective: RetrievalMode = (mode != .bm25 && !hasVectors) ? .bm25 : mode
        let depth = max(candidates, limit)

        var queryVector: [Float]?
        var vectorMatches: [VectorIndex.Match] = []
        if effective != .bm25, let embedder, let index {
            queryVector = try await embedder.embed([question]).first
            let allowed = filter.isEmpty ? nil : try library.passageIDs(matching: filter)
            vectorMatches = index.search(queryVector ?? [], k: effective == .vector ? limit : depth, allowed: allowed)
        }
        var bm25Hits: [SearchHit] = []
        if effective != .vector {
            bm25Hits = try library.searchBM25(question, filter: filter, limit: effective == .bm25 ? limit : depth)
        }

        let cosineByID = Dictionary(vectorMatches.map { ($0.passageID, $0.score) }, uniquingKeysWith: { a, _ in a })
        let bm25RankByID = Dictionary(
            bm25Hits.enumerated().map { ($1.passageID, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let vectorRankByID = Dictionary(
            vectorMatches.enumerated().map { ($1.passageID, $0 + 1) }, uniquingKeysWith: { a, _ in a })

        let ranked: [(id: Int64, score: Double)]
        switch effective {
        case .bm25: ranked = bm25Hits.map { ($0.passageID, $0.score) }
        case .vector: ranked = vectorMatches.map { ($0.passageID, Double($0.score)) }
        case .hybrid:
            ranked = Array(
                ReciprocalRankFusion.fuse(
                    [bm25Hits.map(\.passageID), vectorMatches.map(\.passageID)], k: fusionK
                ).prefix(limit))
        }
        let chosen = Array(ranked.prefix(limit))
        let hitsByID = Dictionary(bm25Hits.map { ($0.passageID, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = chosen.map(\.id).filter { hitsByID[$0] == nil }
        let fetched = Dictionary(
            try library.passageHits(ids: missing).map { ($0.passageID, $0) }, uniquingKeysWith: { a, _ in a })

        let passages = chosen.compactMap { item -> RetrievedPassage? in
            guard var hit = hitsByID[item.id] ?? fetched[item.id] else { return nil }
            hit.score = item.score
            let cosine =
                cosineByID[item.id]
                ?? queryVector.flatMap { index?.score(passageID: item.id, query: $0) }
            return RetrievedPassage(
                hit: hit, score: item.score, cosine: cosine, bm25Rank: bm25RankByID[item.id],
                vectorRank: vectorRankByID[item.id])
        }
        let bestCosine = (vectorMatches.map(\.score) + passages.compactMap(\.cosine)).max()
        return RetrievalResult(
            passages: passages, mode: effective, bestCosine: bestCosine,
            milliseconds: Date().timeIntervalSince(started) * 1000)
    }
}
