import Foundation
import PodbotInference
import PodbotLibrary
import PodbotTestSupport
import Testing

@testable import PodbotRetrieval

@Suite("Reranking by the question's likelihood (SmolLM2-135M, corpus library)", .serialized)
struct RerankTests {
    @Test("the first N passages are reordered by the real model's scores, the rest keep their places")
    func reordersTheFirstPassages() async throws {
        let built = try await RetrievalFixture.get()
        let reranker = QueryLikelihoodReranker(scorer: try RetrievalFixture.generator.get(), depth: 5)
        let question = "How did fast.ai do in the Stanford training-speed contest?"
        let passages = try await built.retriever.retrieve(question, k: 8).passages
        #expect(passages.count == 8)
        let scores = try await reranker.scores(question, passages: passages)
        #expect(scores.count == 5)
        #expect(scores.allSatisfy { $0 < 0 && $0.isFinite })
        #expect(Set(scores).count > 1, "different passages make the question more or less likely: \(scores)")
        let reranked = try await reranker.rerank(question, passages: passages)
        let ids = passages.map(\.hit.passageID)
        let rerankedIDs = reranked.map(\.hit.passageID)
        #expect(Set(rerankedIDs.prefix(5)) == Set(ids.prefix(5)))
        #expect(Array(rerankedIDs.dropFirst(5)) == Array(ids.dropFirst(5)))
        let best = try #require(scores.indices.max { scores[$0] < scores[$1] })
        #expect(rerankedIDs.first == ids[best])
    }

    @Test("`podbot eval --rerank` scores reranked retrieval: the figures change only in order, not in reach")
    func evaluatorReranks() async throws {
        let built = try await RetrievalFixture.get()
        let set = try EvalSet(path: Corpus.repositoryRoot.appendingPathComponent("eval/dev-ask.jsonl").path)
        let few = EvalSet(questions: Array(set.questions.filter { $0.kind == .single }.prefix(6)))
        let plain = try await RetrievalEvaluator(retriever: built.retriever).run(few, modes: [.hybrid])
        var evaluator = RetrievalEvaluator(retriever: built.retriever)
        evaluator.reranker = QueryLikelihoodReranker(scorer: try RetrievalFixture.generator.get(), depth: 10)
        let reranked = try await evaluator.run(few, modes: [.hybrid])
        // Only the top 10 is reordered, so whether evidence is in it cannot change.
        #expect(plain.modes[0].hitAt10 == reranked.modes[0].hitAt10)
        #expect(plain.ranks.map { $0.ranks[0] > 0 } == reranked.ranks.map { $0.ranks[0] > 0 })
    }
}
